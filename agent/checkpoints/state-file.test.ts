import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { JsonStateFile } from './state-file.js';

const schema = z.object({ version: z.literal(1), offset: z.number() });

describe('JsonStateFile', () => {
  it('writes atomically (no temp file left) and reads back validated content', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'state-'));
    const file = new JsonStateFile(path.join(dir, 'sub', 'cp.json'), schema);
    expect(await file.read()).toEqual({ kind: 'missing' });
    await file.write({ version: 1, offset: 42 });
    await file.write({ version: 1, offset: 43 });
    expect(await file.read()).toEqual({ kind: 'ok', value: { version: 1, offset: 43 } });
    expect(await readdir(path.join(dir, 'sub'))).toEqual(['cp.json']);
  });

  it('sets a corrupt or invalid file aside instead of trusting it', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'state-'));
    const target = path.join(dir, 'cp.json');
    for (const content of ['{"version":1,"off', '{"version":2,"offset":1}']) {
      await writeFile(target, content);
      const result = await new JsonStateFile(target, schema).read();
      expect(result.kind).toBe('corrupt');
      if (result.kind === 'corrupt') expect(await readFile(result.movedTo, 'utf8')).toBe(content);
    }
  });
});
