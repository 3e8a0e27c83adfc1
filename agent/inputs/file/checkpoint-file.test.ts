import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { CheckpointFile } from './checkpoint-file.js';
import { fileKey } from './fingerprint.js';
import type { TailPosition } from './file-tail.js';

function position(file: string, offset: number): TailPosition {
  return { path: file, fingerprint: { length: 4, hash: 'h' }, offset };
}

function setup(id = 'inputs[0]') {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'checkpoint-file-'));
  const logs: { msg: string }[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push(JSON.parse(line) as { msg: string }) });
  return { dir, logs, checkpoints: () => new CheckpointFile(dir, id, logger) };
}

describe('CheckpointFile', () => {
  it('writes positions under a file name safe for any input id, and loads them back by file identity', async () => {
    const { dir, checkpoints } = setup('inputs[0]/app logs');
    const first = checkpoints();
    await first.load();
    await first.snapshot([['1:2', position('/logs/a.log', 10)]])();
    expect(readdirSync(path.join(dir, 'checkpoints'))).toEqual(['file-inputs_0__app_logs.json']);

    const second = checkpoints();
    await second.load();
    expect(second.saved('1:2')).toEqual(position('/logs/a.log', 10));
    expect(second.saved('1:3')).toBeUndefined();
  });

  it('writes only when the positions changed', async () => {
    const { dir, checkpoints } = setup();
    const file = path.join(dir, 'checkpoints', 'file-inputs_0_.json');
    const store = checkpoints();
    await store.load();
    await store.snapshot([['1:2', position('/a', 1)]])();
    // Written in place here: a write by the store (temp file renamed over it) replaces the inode.
    writeFileSync(file, readFileSync(file));
    const inode = statSync(file).ino;
    await store.snapshot([['1:2', position('/a', 1)]])();
    expect(statSync(file).ino).toBe(inode);
    await store.snapshot([['1:2', position('/a', 2)]])();
    expect(statSync(file).ino).not.toBe(inode);
  });

  it('keeps unmatched saved positions in snapshots until start-up is over', async () => {
    const { checkpoints } = setup();
    const store = checkpoints();
    await store.load();
    await store.snapshot([
      ['1:2', position('/a', 1)],
      ['1:3', position('/b', 2)],
    ])();

    const restarted = checkpoints();
    await restarted.load();
    restarted.matched('1:2');
    expect([...restarted.unmatched.keys()]).toEqual(['1:3']);
    await restarted.snapshot([['1:2', position('/a', 5)]])();
    const reread = checkpoints();
    await reread.load();
    expect(reread.saved('1:3')).toEqual(position('/b', 2));

    restarted.forgetUnmatched();
    await restarted.snapshot([['1:2', position('/a', 5)]])();
    const last = checkpoints();
    await last.load();
    expect(last.saved('1:3')).toBeUndefined();
    expect(last.saved('1:2')).toEqual(position('/a', 5));
  });

  it('sets an unreadable checkpoint file aside and starts without it', async () => {
    const { dir, logs, checkpoints } = setup();
    mkdirSync(path.join(dir, 'checkpoints'));
    writeFileSync(path.join(dir, 'checkpoints', 'file-inputs_0_.json'), '{"version":1,"files":{"1:2":{"path":3}}}');
    const store = checkpoints();
    await store.load();
    expect(store.unmatched.size).toBe(0);
    expect(existsSync(path.join(dir, 'checkpoints', 'file-inputs_0_.json'))).toBe(false);
    expect(readdirSync(path.join(dir, 'checkpoints'))).toEqual([expect.stringMatching(/^file-inputs_0_\.json\.corrupt-\d+$/)]);
    expect(logs).toEqual([expect.objectContaining({ msg: 'checkpoint file unreadable; set aside, starting without it' })]);
  });

  it('puts checkpointed files first, in their order, before the others', async () => {
    const { dir, checkpoints } = setup();
    const names = ['a.log', 'b.log', 'c.log', 'd.log'].map((name) => path.join(dir, name));
    for (const name of names) writeFileSync(name, 'x\n');
    const keyOf = (file: string) => {
      const st = statSync(file, { bigint: true });
      return fileKey(st.dev, st.ino);
    };
    const store = checkpoints();
    await store.load();
    expect(await store.checkpointedFirst(names)).toEqual(names);
    await store.snapshot([names[3], names[1]].map((file) => [keyOf(file as string), position(file as string, 1)] as const))();
    const restarted = checkpoints();
    await restarted.load();
    expect(await restarted.checkpointedFirst(names)).toEqual([names[1], names[3], names[0], names[2]]);
  });
});
