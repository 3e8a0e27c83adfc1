import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { describe, expect, it, vi } from 'vitest';
import type { Batch, InputContext } from '../../component.js';
import { fileInputConfig } from './config.js';
import { FileInput } from './file-input.js';

const METRIC = 'sidecar_file_input_behind_bytes';

function context(dir: string, id: string, metrics: Registry): InputContext {
  return {
    id,
    location: 'inputs[0]',
    logger: pino({ level: 'silent' }),
    stateDir: path.join(dir, 'state'),
    configDir: dir,
    deadLetters: { location: 'nowhere', write: async () => undefined, count: () => undefined },
    metrics,
    once: false,
    stamp: { hostName: 'h', serviceName: undefined },
  };
}

async function behind(registry: Registry): Promise<Record<string, number>> {
  const metric = registry.getSingleMetric(METRIC);
  if (!metric) return {};
  const { values } = await metric.get();
  return Object.fromEntries(values.map((v) => [String(v.labels.component), v.value]));
}

/** Runs a file input on `file` whose batches wait for the test to deliver them. */
function start(dir: string, id: string, file: string, registry: Registry) {
  const input = new FileInput(fileInputConfig.parse({ include: [file], poll_interval: '20ms' }), context(dir, id, registry));
  const batches: Batch[] = [];
  const abort = new AbortController();
  const running = input.run(async (batch) => void batches.push(batch), abort.signal);
  const events = () => batches.reduce((n, b) => n + b.events.length, 0);
  const stop = async () => {
    abort.abort();
    await running;
    for (const batch of batches) batch.failed(new Error('stopped'));
    await input.close();
  };
  return { batches, events, stop };
}

describe('sidecar_file_input_behind_bytes', () => {
  it('is what each input`s files hold beyond the delivered position, until the input closes', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'behind-'));
    const a = path.join(dir, 'a.log');
    const b = path.join(dir, 'b.log');
    writeFileSync(a, 'one\ntwo\nthree\n');
    writeFileSync(b, 'x\n');
    const registry = new Registry();
    const first = start(dir, 'first', a, registry);
    const second = start(dir, 'second', b, registry);
    await vi.waitFor(() => expect(first.events() + second.events()).toBe(4), { timeout: 10_000, interval: 20 });
    expect(await behind(registry)).toEqual({ first: 14, second: 2 });

    for (const batch of first.batches.splice(0)) batch.delivered();
    expect(await behind(registry)).toEqual({ first: 0, second: 2 });

    appendFileSync(a, 'four\n');
    await vi.waitFor(() => expect(first.events()).toBe(1), { timeout: 10_000, interval: 20 });
    expect(await behind(registry)).toEqual({ first: 5, second: 2 });

    await second.stop();
    expect(await behind(registry)).toEqual({ first: 5 });
    await first.stop();
    expect(await behind(registry)).toEqual({});
  });
});
