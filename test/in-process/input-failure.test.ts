/**
 * An input whose run fails mid-stream stops the agent the way a signal does: the other inputs stop, what was
 * read is drained to the outputs within the grace period, nothing is dead-lettered that no output refused,
 * and the run reports the failure (the CLI exits 1, so Kubernetes restarts the container).
 */
import { mkdtemp, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { z } from 'zod';
import { afterEach, describe, expect, it } from 'vitest';
import { builtinRegistry } from '../../agent/builtins.js';
import { defineInput, type BatchSink, type Input } from '../../agent/component.js';
import { runAgent } from '../../agent/runtime/agent.js';
import { parseConfigText } from '../../config/loader.js';
import { FakeSearchEngine } from '../helpers/fake-search-engine.js';

/** Hands three batches of two events to the pipeline, then throws like a broken source. */
const failingInput = defineInput({
  type: 'failing',
  summary: 'test input that fails after three batches',
  config: z.strictObject({}),
  create: (): Input => ({
    async run(sink: BatchSink) {
      for (let b = 0; b < 3; b++) {
        await sink({ events: [0, 1].map((i) => ({ '@timestamp': 't', message: `b${b}e${i}` })), delivered: () => undefined, failed: () => undefined });
      }
      throw new Error('source went away');
    },
    snapshotCheckpoint: () => async () => undefined,
    close: async () => undefined,
  }),
});

const engines: FakeSearchEngine[] = [];
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.stop();
});

describe('an input that fails mid-run', () => {
  it('stops the agent gracefully: drains what was read, dead-letters nothing, reports the failure', async () => {
    const engine = new FakeSearchEngine();
    engines.push(engine);
    engine.delayMs = 300; // batches are still in flight when the input throws
    const url = await engine.start();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'sidecar-input-failure-'));
    const registry = builtinRegistry().register(failingInput);
    const yaml = `
state_dir: ${dir}/state
pipeline: { shutdown_timeout: 20s }
inputs:
  - { type: failing, id: broken }
  - { type: file, id: idle, include: ["${dir}/logs/*.log"] }
outputs:
  - type: elasticsearch
    nodes: ["${url}"]
    template: { install: false }
    batch: { flush_interval: 20ms }
`;
    const config = parseConfigText(yaml, path.join(dir, 'sidecar.yaml'), registry, {});
    const logs: { msg: string }[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => logs.push(JSON.parse(line) as { msg: string }) });
    const result = await runAgent({ file: path.join(dir, 'sidecar.yaml'), dir, config, warnings: [] }, registry, { once: false, logger });

    expect(result.failure).toBe('input broken: source went away');
    expect(result.drained).toBe(true);
    const stored = engine.calls.flatMap((c) => c.docs.map((d) => d.message)).sort();
    expect(stored).toEqual(['b0e0', 'b0e1', 'b1e0', 'b1e1', 'b2e0', 'b2e1']);
    expect(result.summary.dead_lettered).toEqual({});
    expect(await readdir(path.join(dir, 'state')).catch(() => [])).not.toContain('dead-letter');
    expect(logs.map((l) => l.msg)).toContain('input failed; stopping the agent: draining what was read, then exiting');
  });
});
