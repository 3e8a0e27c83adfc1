import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { ensureFetched, isFetched } from './maven.js';

describe('the fetch marker', () => {
  let dir: string;
  let pom: string;
  let outputDir: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'services-maven-'));
    pom = path.join(dir, 'pom.xml');
    outputDir = path.join(dir, 'out');
    await writeFile(pom, '<project/>');
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function writeMarker(): Promise<void> {
    await mkdir(outputDir, { recursive: true });
    const pomSha256 = createHash('sha256').update('<project/>').digest('hex');
    await writeFile(path.join(outputDir, '.fetched'), JSON.stringify({ pomSha256, goal: 'dependency:unpack', fetchedAt: '' }));
  }

  it('is missing before a fetch', async () => {
    expect(await isFetched(pom, outputDir)).toBe(false);
  });

  it('makes ensureFetched return without running Maven', async () => {
    await writeMarker();
    expect(await isFetched(pom, outputDir)).toBe(true);
    // Maven on this <project/> would fail; false means it was not run
    await expect(ensureFetched({ name: 'test', pom, goal: 'dependency:unpack', outputDir, log: () => undefined })).resolves.toBe(false);
  });

  it('no longer counts once the pom changes', async () => {
    await writeMarker();
    await writeFile(pom, '<project><!-- another version --></project>');
    expect(await isFetched(pom, outputDir)).toBe(false);
  });
});
