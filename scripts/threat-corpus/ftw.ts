/**
 * Reader for go-ftw regression test files, the YAML format of the CRS `tests/` folder: one file per rule,
 * each test one or more stages of an HTTP request (`input`) and what the WAF log must show (`output.log`:
 * `expect_ids` that must fire, `no_expect_ids` that must not).
 */
import { parse } from 'yaml';
import { z } from 'zod';

const scalar = z.union([z.string(), z.number(), z.boolean()]).transform(String);

const FtwInput = z.object({
  method: z.string().optional(),
  uri: z.string().optional(),
  version: z.string().optional(),
  headers: z.record(z.string(), scalar).optional(),
  data: z.union([z.string(), z.array(z.string()).transform((lines) => lines.join('\n'))]).optional(),
  /** A whole raw request in base64; go-ftw sends it as is and ignores the other fields. */
  encoded_request: z.string().optional(),
});

const FtwOutput = z.object({
  log: z
    .object({
      expect_ids: z.array(z.number().int()).optional(),
      no_expect_ids: z.array(z.number().int()).optional(),
    })
    .optional(),
  status: z.union([z.number(), z.array(z.number())]).optional(),
});

const FtwTest = z.object({
  test_id: z.number().int(),
  desc: z.string().optional(),
  stages: z.array(z.object({ input: FtwInput, output: FtwOutput })).min(1),
});

const FtwFile = z.object({
  rule_id: z.number().int(),
  tests: z.array(FtwTest),
});

export type FtwInput = z.infer<typeof FtwInput>;
export type FtwFile = z.infer<typeof FtwFile>;

/** One stage of one test, flattened: the request and what must (not) fire. */
export interface FtwRequest {
  ruleId: number;
  testId: number;
  stage: number;
  desc: string;
  input: FtwInput;
  expectIds: number[];
  noExpectIds: number[];
}

/** Parses one go-ftw file; an empty file (CRS keeps placeholders) yields no requests. */
export function parseFtwFile(text: string, fileName: string): FtwRequest[] {
  const raw: unknown = parse(text);
  if (raw === null || raw === undefined) return [];
  const result = FtwFile.safeParse(raw);
  if (!result.success) throw new Error(`${fileName}: not a go-ftw test file: ${z.prettifyError(result.error)}`);
  return result.data.tests.flatMap((test) =>
    test.stages.map((stage, index) => ({
      ruleId: result.data.rule_id,
      testId: test.test_id,
      stage: index + 1,
      desc: test.desc ?? '',
      input: stage.input,
      expectIds: stage.output.log?.expect_ids ?? [],
      noExpectIds: stage.output.log?.no_expect_ids ?? [],
    })),
  );
}
