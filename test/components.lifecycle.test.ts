/**
 * Every registered component passes the same lifecycle: its testdata/config.yaml validates against its own
 * schema and testdata/invalid.yaml does not; it is created, does its job once (input: read to the end;
 * processor: process a batch; output: write and flush) and closes. A new component gets this for free,
 * and fails here until it ships its testdata.
 */
import { Registry } from 'prom-client';
import { cp, readFile } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { builtinRegistry } from '../agent/builtins.js';
import type { Batch, ComponentContext, InputContext } from '../agent/component.js';
import type { LogEvent } from '../agent/event.js';
import { tempDir } from './helpers/agent-process.js';
import { FakeSearchEngine } from './helpers/fake-search-engine.js';
import { MemoryDeadLetters } from './helpers/dead-letters.js';

const root = path.resolve(import.meta.dirname, '..');
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
      const out = await processor.process(sample());
      expect(Array.isArray(out)).toBe(true);
      await processor.close?.();
    } else {
      const output = await def.create(config, ctx);
      await output.write(sample());
      await output.flush();
      await output.close();
    }
  });
});
