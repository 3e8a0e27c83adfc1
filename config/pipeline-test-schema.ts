/**
 * The schema of a pipeline test file (`sidecar-ai test FILE`): which processors to run (a whole config's, or
 * listed inline with the same YAML as in a config), and tests that feed them events or raw lines and state
 * what each resulting event must look like. Types come from the schema.
 */
import { z } from 'zod';
import type { ComponentSchemas } from './component-schemas.js';
import { regexSchema } from './regex.js';
import { processorSchema } from './schema.js';

const fieldPath = z.string().min(1, 'expected a field path such as user.email');

/** A scalar or list of scalars a field must contain: text as a substring, a list as one of its items. */
const containedValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number(), z.boolean()]))]);

const expectationSchema = z
  .strictObject({
    equals: z.record(fieldPath, z.json()).optional().meta({ description: 'Each field path has exactly this value (objects and lists compared deeply).' }),
    contains: z.record(fieldPath, containedValue).optional().meta({ description: 'Each text field contains the string, each list field the item (or every item of a list).' }),
    matches: z.record(fieldPath, regexSchema).optional().meta({ description: 'Each field is text matching the regular expression.' }),
    absent: z.array(fieldPath).optional().meta({ description: 'These fields are not set.' }),
    dropped: z.boolean().optional().meta({ description: 'true: a processor dropped the event; it reaches no output.' }),
  })
  .superRefine((expectation, ctx) => {
    const checks = ['equals', 'contains', 'matches', 'absent'].filter((key) => expectation[key as keyof typeof expectation] !== undefined);
    if (expectation.dropped === true && checks.length > 0) ctx.addIssue({ code: 'custom', path: ['dropped'], message: `a dropped event has no fields to check (remove ${checks.join(', ')})` });
  });

/** Dotted keys (`user.email`) are field paths, as in expectations; `@timestamp` is set to now when missing. */
const inputEventSchema = z.record(z.string(), z.json()).superRefine((event, ctx) => {
  if (event.message !== undefined && typeof event.message !== 'string') ctx.addIssue({ code: 'custom', path: ['message'], message: 'message must be text' });
  if (event['@timestamp'] !== undefined && typeof event['@timestamp'] !== 'string') ctx.addIssue({ code: 'custom', path: ['@timestamp'], message: '@timestamp must be text' });
});

const pipelineTestSchema = z
  .strictObject({
    name: z.string().min(1),
    input: z.array(inputEventSchema).min(1).optional().meta({ description: 'Events as objects.' }),
    lines: z.array(z.string()).min(1).optional().meta({ description: 'Raw log lines, made into events as the file input makes them (message, log.file.path, ...).' }),
    expect: z.array(expectationSchema).default([]).meta({ description: 'One entry per input event or line, in order; fewer entries leave the rest unchecked.' }),
    count: z.number().int().nonnegative().optional().meta({ description: 'How many events leave the processors.' }),
  })
  .superRefine((test, ctx) => {
    if ((test.input === undefined) === (test.lines === undefined)) ctx.addIssue({ code: 'custom', path: [], message: 'expected exactly one of "input" (events) or "lines" (raw log lines)' });
    const events = test.input?.length ?? test.lines?.length ?? 0;
    if (events > 0 && test.expect.length > events) ctx.addIssue({ code: 'custom', path: ['expect'], message: `${test.expect.length} expectations for ${events} input events` });
  });

export function buildPipelineTestFileSchema(registry: ComponentSchemas) {
  return z
    .strictObject({
      config: z.string().min(1).optional().meta({ description: 'A config file (relative to this file) whose processors are tested.' }),
      processors: z.array(processorSchema(registry)).optional().meta({ description: 'The processors to test, as in a config.' }),
      tests: z.array(pipelineTestSchema).min(1, 'at least one test is required'),
    })
    .superRefine((file, ctx) => {
      if ((file.config === undefined) === (file.processors === undefined)) ctx.addIssue({ code: 'custom', path: [], message: 'expected exactly one of "config" (a config file) or "processors" (listed here)' });
    });
}

export type PipelineTestFile = z.output<ReturnType<typeof buildPipelineTestFileSchema>>;
export type PipelineTest = PipelineTestFile['tests'][number];
export type Expectation = PipelineTest['expect'][number];
