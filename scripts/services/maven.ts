import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { ServiceError } from './errors.js';
import { which } from './which.js';

export type MavenGoal = 'dependency:copy-dependencies' | 'dependency:unpack';

export interface FetchRequest {
  /** For messages: "kafka". */
  name: string;
  pom: string;
  goal: MavenGoal;
  /** Receives the artifacts (passed to the pom as -Dservices.outputDirectory). */
  outputDir: string;
  /** Extra -D properties, overriding the pom's (a version, say); part of what the marker records. */
  properties?: Record<string, string>;
  log: (line: string) => void;
}

const MARKER = '.fetched';

interface Marker {
  pomSha256: string;
  goal: MavenGoal;
  fetchedAt: string;
}

async function pomDigest(pom: string, properties: Record<string, string> = {}): Promise<string> {
  const hash = createHash('sha256').update(await readFile(pom));
  const entries = Object.entries(properties).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length > 0) hash.update(JSON.stringify(entries));
  return hash.digest('hex');
}

/**
 * True when `outputDir` holds a complete fetch made from the pom as it is now, with the same properties (so
 * Maven need not run).
 */
export async function isFetched(pom: string, outputDir: string, properties: Record<string, string> = {}): Promise<boolean> {
  try {
    const marker = JSON.parse(await readFile(path.join(outputDir, MARKER), 'utf8')) as Partial<Marker>;
    return marker.pomSha256 === (await pomDigest(pom, properties));
  } catch {
    return false;
  }
}

function runMaven(mvn: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(mvn, args, { maxBuffer: 64 * 1024 * 1024, env: { ...process.env, MAVEN_OPTS: process.env.MAVEN_OPTS ?? '-Xmx512m' } }, (error, stdout, stderr) => {
      if (!error) {
        resolve();
        return;
      }
      const output = `${stdout}\n${stderr}`.trim().split('\n').slice(-30).join('\n');
      reject(new ServiceError(`mvn ${args.join(' ')} failed (${error.message.split('\n')[0]})\n${output}`));
    });
  });
}

// Concurrent Maven processes may race on the same files in ~/.m2 (the dependency plugin itself, for one), so
// fetches run one after the other even when the servers start in parallel.
let queue: Promise<unknown> = Promise.resolve();

/**
 * Makes sure the artifacts described by `pom` are in `outputDir`: if an earlier fetch from the same pom completed,
 * nothing happens (Maven is not even looked for); otherwise the folder is emptied and Maven fills it. Returns true
 * when Maven ran.
 */
export function ensureFetched(request: FetchRequest): Promise<boolean> {
  const run = queue.then(async () => {
    const { name, pom, goal, outputDir, log, properties = {} } = request;
    if (await isFetched(pom, outputDir, properties)) return false;
    const mvn = await which('mvn');
    if (!mvn) {
      throw new ServiceError(`Maven (mvn) is needed once to fetch ${name}, but it is not on PATH`, {
        hint: 'Install it, e.g. `apt-get install maven openjdk-17-jdk-headless` (Debian/Ubuntu) or `brew install maven`.',
      });
    }
    log(`${name}: fetching with Maven (${path.relative(process.cwd(), pom) || pom}) into ${outputDir}`);
    await rm(outputDir, { recursive: true, force: true });
    await mkdir(outputDir, { recursive: true });
    const defines = Object.entries(properties).map(([key, value]) => `-D${key}=${value}`);
    await runMaven(mvn, ['-q', '-B', '-f', pom, goal, `-Dservices.outputDirectory=${outputDir}`, ...defines]);
    const marker: Marker = { pomSha256: await pomDigest(pom, properties), goal, fetchedAt: new Date().toISOString() };
    await writeFile(path.join(outputDir, MARKER), `${JSON.stringify(marker, null, 2)}\n`);
    return true;
  });
  queue = run.catch(() => undefined);
  return run;
}
