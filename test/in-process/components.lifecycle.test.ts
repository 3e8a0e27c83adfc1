/**
 * Every registered component passes the same lifecycle: its testdata/config.yaml validates against its own
 * schema and testdata/invalid.yaml does not; it is created, does its job once and closes. Doing its job is
 * checked, not only survived: an input reads events; a processor returns the events it was given (the same
 * objects, in order; fewer only where documented below), still valid events; an output acknowledges a write,
 * dead-letters nothing, and the event is in what it wrote (OUTPUT_DESTINATIONS reads that back). A new
 * component gets this for free, and fails here until it ships its testdata (and, for an output, a way to
 * read back what it wrote).
 */
import { Registry } from 'prom-client';
import { cp, readFile } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { builtinRegistry } from '../../agent/builtins.js';
import type { Batch, ComponentContext, InputContext, WriteReport } from '../../agent/component.js';
import type { LogEvent } from '../../agent/event.js';
import { tempDir } from '../helpers/agent-process.js';
import { FakeSearchEngine } from '../helpers/fake-search-engine.js';
import { MemoryDeadLetters } from '../helpers/dead-letters.js';

const root = path.resolve(import.meta.dirname, '../..');
const registry = builtinRegistry();
const folders: Record<'input' | 'processor' | 'output', (type: string) => string> = {
  input: (type) => path.join(root, 'agent', 'inputs', type),
  processor: (type) => path.join(root, 'processors', type),
  output: (type) => path.join(root, 'agent', 'outputs', type),
};

/**
 * Outputs that talk to a server get a local one that answers like a search engine (`${LIFECYCLE_URL}`);
 * processors with a model use the provisioned ones (`${MODELS_DIR}`, npm run models).
 */
const engine = new FakeSearchEngine();
let engineUrl = '';
beforeAll(async () => {
  engineUrl = await engine.start();
});
afterAll(() => engine.stop());
afterEach(() => {
  vi.restoreAllMocks();
});

async function fixture(folder: string, name: string): Promise<Record<string, unknown>> {
  const text = (await readFile(path.join(folder, 'testdata', name), 'utf8'))
    .replaceAll('${LIFECYCLE_URL}', engineUrl)
    .replaceAll('${MODELS_DIR}', path.join(root, 'models'));
  const { type: _type, ...rest } = parse(text) as Record<string, unknown>;
  return rest;
}

async function context(folder: string): Promise<ComponentContext> {
  const dir = await tempDir('lifecycle');
  await cp(path.join(folder, 'testdata'), dir, { recursive: true });
  return { id: 'under-test', location: 'test', logger: pino({ level: 'silent' }), stateDir: path.join(dir, 'state'), configDir: dir, deadLetters: new MemoryDeadLetters(), metrics: new Registry() };
}

const INPUTS_NEEDING_A_SERVER = new Set(['kafka']);

const sample = (): LogEvent[] => [{ '@timestamp': '2026-01-01T00:00:00.000Z', message: '{"a":1}' }];

/**
 * Processors allowed to drop the sample event, with the documented reason (the contract: returning fewer events
 * drops them on purpose). None today: every built-in processor keeps events, tagging failures instead.
 */
const MAY_DROP_THE_SAMPLE = new Map<string, string>();

/** Whether `value` is what an event may hold (FieldValue): JSON data that survives a round trip unchanged. */
function isFieldValue(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isFieldValue);
  if (typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return false;
  return Object.values(value).every((field) => field === undefined || isFieldValue(field));
}

function expectValidEvent(event: LogEvent): void {
  expect(typeof event['@timestamp'], '@timestamp').toBe('string');
  expect(typeof event.message, 'message').toBe('string');
  expect(isFieldValue(event), JSON.stringify(event)).toBe(true);
}

/**
 * How to see what each output wrote: `watch` starts before the output is created and returns a function that
 * reads back the documents written since; `expected` is how the sample event looks there.
 */
interface OutputDestination {
  watch(config: Record<string, unknown>, ctx: ComponentContext): Promise<() => Promise<unknown[]>>;
  expected?(event: LogEvent, config: Record<string, unknown>): unknown;
}

const ndjson = (text: string): unknown[] =>
  text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as unknown);

const OUTPUT_DESTINATIONS: Record<string, OutputDestination> = {
  file: {
    watch: async (config, ctx) => async () => ndjson(await readFile(path.resolve(ctx.configDir, config.path as string), 'utf8')),
  },
  stdout: {
    watch: async () => {
      let text = '';
      const spy = vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: string | Uint8Array, ...rest: unknown[]) => {
        text += Buffer.from(chunk).toString('utf8');
        const callback = rest.find((arg) => typeof arg === 'function') as ((error?: Error | null) => void) | undefined;
        callback?.();
        return true;
      }) as typeof process.stdout.write);
      return async () => {
        spy.mockRestore();
        return ndjson(text);
      };
    },
  },
  elasticsearch: {
    watch: async () => {
      const before = engine.calls.length;
      return async () => engine.calls.slice(before).flatMap((call) => call.docs);
    },
    // Documents in a data stream (no `index:`) carry its data_stream fields.
    expected: (event, config) => {
      if (config.index !== undefined) return event;
      const stream = config.data_stream as { dataset: string; namespace: string };
      return { data_stream: { type: 'logs', dataset: stream.dataset, namespace: stream.namespace }, ...event };
    },
  },
};

describe.each([...registry.inputs.values(), ...registry.processors.values(), ...registry.outputs.values()])('$kind $type', (def) => {
  const folder = folders[def.kind](def.type);

  it('accepts its testdata/config.yaml and rejects its testdata/invalid.yaml', async () => {
    expect(def.config.safeParse(await fixture(folder, 'config.yaml')).error).toBeUndefined();
    expect(def.config.safeParse(await fixture(folder, 'invalid.yaml')).success).toBe(false);
  });

  it('is created, does its job once and closes', async () => {
    const config: unknown = def.config.parse(await fixture(folder, 'config.yaml'));
    const ctx = await context(folder);
    if (def.kind === 'input' && INPUTS_NEEDING_A_SERVER.has(def.type)) {
      // Created and closed here; reading is covered by test/integration against the real server.
      const input = await def.create(config, { ...ctx, once: true, stamp: { hostName: 'test-host', serviceName: 'svc' } });
      await input.close();
    } else if (def.kind === 'input') {
      const inputCtx: InputContext = { ...ctx, once: true, stamp: { hostName: 'test-host', serviceName: 'svc' } };
      const input = await def.create(config, inputCtx);
      const batches: Batch[] = [];
      await input.run(async (batch) => void batches.push(batch), new AbortController().signal);
      for (const batch of batches) batch.delivered();
      await input.snapshotCheckpoint()();
      await input.close();
      expect(batches.flatMap((b) => b.events).length).toBeGreaterThan(0);
    } else if (def.kind === 'processor') {
      const processor = await def.create(config, ctx);
      const events = sample();
      const out = await processor.process(events);
      await processor.close?.();
      expect(Array.isArray(out)).toBe(true);
      // The same event objects (processors transform in place), in their order, none twice.
      const positions = out.map((event) => events.indexOf(event));
      expect(positions.every((at) => at >= 0), 'returns only the events it was given').toBe(true);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
      expect(new Set(positions).size).toBe(positions.length);
      if (!MAY_DROP_THE_SAMPLE.has(def.type)) expect(out).toHaveLength(events.length);
      for (const event of out) expectValidEvent(event);
    } else {
      const destination = OUTPUT_DESTINATIONS[def.type];
      expect(destination, `OUTPUT_DESTINATIONS has no way to read back what a ${def.type} output wrote`).toBeDefined();
      if (destination === undefined) return;
      const options = config as Record<string, unknown>;
      const written = await destination.watch(options, ctx);
      const events = sample();
      const output = await def.create(config, ctx);
      let report: void | WriteReport;
      try {
        report = await output.write(events);
        await output.flush();
      } finally {
        await output.close();
      }
      const documents = await written();
      expect(report?.deadLettered ?? 0, 'dead-lettered by the write').toBe(0);
      expect((ctx.deadLetters as MemoryDeadLetters).events).toEqual([]);
      // Events are shared with other outputs: written as they are, and left as they were.
      expect(events, 'the events after the write').toEqual(sample());
      expect(documents).toEqual(sample().map((event) => destination.expected?.(event, options) ?? event));
    }
  });
});
