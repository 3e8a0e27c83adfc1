/**
 * A log rotated by rename while the output is down and the pipeline full: the file input's read loop is held
 * by backpressure when the rotation happens, and the rotated file's new name is also under the include glob
 * (the usual `app.log*`). Once the output is back, every line is stored exactly once: the rotated file is
 * read to its end and not read again from 0 under its new name, and the new file from its start.
 */
import { appendFileSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { builtinRegistry } from '../../agent/builtins.js';
import { runAgent } from '../../agent/runtime/agent.js';
import { parseConfigText } from '../../config/loader.js';
import { FakeSearchEngine } from '../helpers/fake-search-engine.js';

const WAIT = { timeout: 30_000, interval: 20 };

const engines: FakeSearchEngine[] = [];
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.stop();
});

function lines(from: number, count: number, tag: string): string {
  return Array.from({ length: count }, (_, i) => `${tag}-${from + i}\n`).join('');
}

/** How often each message was stored, for the messages stored other than once. */
function notOnce(stored: readonly string[], expected: readonly string[]): Record<string, number> {
  const counts = new Map<string, number>(expected.map((m) => [m, 0]));
  for (const message of stored) counts.set(message, (counts.get(message) ?? 0) + 1);
  return Object.fromEntries([...counts].filter(([, n]) => n !== 1));
}

describe('a log rotated by rename while the output is down', () => {
  it('stores every line exactly once once the output is back', async () => {
    let down = false;
    const stored: string[] = [];
    const engine = new FakeSearchEngine((call) => {
      if (down) return 503;
      for (const doc of call.docs) stored.push(doc.message as string);
      return call.docs.map(() => 201);
    });
    engines.push(engine);
    const url = await engine.start();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'sidecar-rotation-backpressure-'));
    mkdirSync(path.join(dir, 'logs'));
    const file = path.join(dir, 'logs', 'app.log');
    writeFileSync(file, lines(0, 10, 'old'));
    const yaml = `
state_dir: ${dir}/state
pipeline: { max_in_flight_batches: 2, checkpoint_interval: 50ms }
inputs:
  - { type: file, id: app, include: ["${dir}/logs/app.log*"], poll_interval: 20ms, scan_interval: 50ms, rotate_wait: 100ms }
outputs:
  - type: elasticsearch
    nodes: ["${url}"]
    template: { install: false }
    batch: { flush_interval: 10ms }
    retry: { initial_backoff: 20ms, max_backoff: 50ms }
`;
    const registry = builtinRegistry();
    const config = parseConfigText(yaml, path.join(dir, 'sidecar.yaml'), registry, {});
    const logs: { msg: string }[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => logs.push(JSON.parse(line) as { msg: string }) });
    const stop = new AbortController();
    const running = runAgent({ file: path.join(dir, 'sidecar.yaml'), dir, config, warnings: [] }, registry, { once: false, logger, stop: stop.signal });
    try {
      await vi.waitFor(() => expect(stored).toHaveLength(10), WAIT);

      // The output goes down; three more writes, three batches: two fill the pipeline, the read loop waits
      // with the third, the last of the file.
      down = true;
      for (let batch = 0; batch < 3; batch++) {
        appendFileSync(file, lines(10 + batch * 10, 10, 'old'));
        await sleep(200);
      }
      // Rotation by rename to a name the glob matches, a new file at the path, and the output stays down
      // longer than rotate_wait.
      renameSync(file, `${file}.1`);
      writeFileSync(file, lines(0, 10, 'new'));
      await sleep(500);
      // The read loop was held all along: it has not looked at the file since the rename.
      expect(logs.map((l) => l.msg)).not.toContain('file rotated; finishing the old one');
      down = false;

      const expected = [...lines(0, 40, 'old').split('\n'), ...lines(0, 10, 'new').split('\n')].filter((m) => m !== '');
      await vi.waitFor(() => expect(new Set(stored).size).toBe(expected.length), WAIT);
      // The scans that follow keep finding app.log.1 under the glob: give them the chance to read it again.
      await sleep(500);
      expect(notOnce(stored, expected)).toEqual({});
      expect(stored).toHaveLength(expected.length);
      expect(logs.map((l) => l.msg)).toContain('file rotated; finishing the old one');
    } finally {
      stop.abort();
      await running;
    }
  });
});
