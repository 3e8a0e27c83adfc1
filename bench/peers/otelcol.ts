/**
 * The OpenTelemetry Collector peer (bench/peers/otelcol): built with the repository's Go environment into
 * .cache/peers/otelcol/ on first use, and rebuilt only when its sources change. Never built by `npm test`.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { repositoryRoot, runGo } from '../../scripts/threat-corpus/go.js';

const SOURCES = ['main.go', 'components.go', 'go.mod', 'go.sum'];

/** The collector binary, built first if missing or stale (about 5 minutes of CPU and 57 MiB the first time). */
export async function ensureOtelcolPeer(root = repositoryRoot(), log: (line: string) => void = () => {}): Promise<string> {
  const source = path.join(root, 'bench', 'peers', 'otelcol');
  const out = path.join(root, '.cache', 'peers', 'otelcol');
  const binary = path.join(out, 'otelcol-peer');
  const marker = path.join(out, '.sources-sha256');
  const hash = createHash('sha256');
  for (const file of SOURCES) hash.update(await readFile(path.join(source, file)));
  const digest = hash.digest('hex');
  if (existsSync(binary) && existsSync(marker) && (await readFile(marker, 'utf8')) === digest) return binary;
  log('building the OpenTelemetry Collector peer (go build, modules into .cache/go)...');
  await mkdir(out, { recursive: true });
  await runGo(['build', '-trimpath', '-o', binary, '.'], { cwd: source, root });
  await writeFile(marker, digest);
  return binary;
}
