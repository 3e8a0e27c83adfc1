import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

import { ServiceError } from './errors.js';
import { which } from './which.js';

const execFileAsync = promisify(execFile);

export interface Jdk {
  /** JAVA_HOME of this runtime. */
  home: string;
  java: string;
  /** Feature release: 17, 21, 25... */
  major: number;
  version: string;
}

export interface JdkRequirement {
  /** The lowest feature release the server runs on. */
  minMajor: number;
  /** Optional upper bound, for servers that are known not to run on newer ones. */
  maxMajor?: number;
  /** What needs it, for the error message ("Elasticsearch 8.19.21"). */
  purpose: string;
  /** A variable that names the JDK to use for this server (ES_JAVA_HOME...); honoured when set. */
  homeEnv?: string;
  /** Another way out, added to the installation hint ("or set ..."). */
  alternative?: string;
}

/** Parses the first line of `java -version`: `openjdk version "17.0.15" 2025-04-15` or `java version "1.8.0_292"`. */
export function parseJavaVersion(output: string): { major: number; version: string } | undefined {
  const match = /version "([^"]+)"/.exec(output);
  if (!match?.[1]) return undefined;
  const version = match[1];
  const parts = version.split(/[._+-]/).map((part) => Number.parseInt(part, 10));
  const major = parts[0] === 1 ? parts[1] : parts[0];
  if (major === undefined || Number.isNaN(major)) return undefined;
  return { major, version };
}

async function probeJdk(home: string): Promise<Jdk | undefined> {
  const java = path.join(home, 'bin', 'java');
  if (!existsSync(java)) return undefined;
  try {
    const { stdout, stderr } = await execFileAsync(java, ['-version'], { timeout: 30_000 });
    const parsed = parseJavaVersion(`${stderr}\n${stdout}`);
    return parsed ? { home, java, ...parsed } : undefined;
  } catch {
    return undefined;
  }
}

let installed: Promise<Jdk[]> | undefined;

/**
 * Every Java runtime that can be found: JAVA_HOME, the `java` on PATH, and the JDKs under /usr/lib/jvm (Debian,
 * Ubuntu, Temurin packages) or /Library/Java/JavaVirtualMachines (macOS). Looked up once per process.
 */
export function installedJdks(env: NodeJS.ProcessEnv = process.env): Promise<Jdk[]> {
  installed ??= (async () => {
    const homes: string[] = [];
    if (env.JAVA_HOME) homes.push(env.JAVA_HOME);
    const onPath = await which('java', env);
    if (onPath) homes.push(path.dirname(path.dirname(await realpath(onPath))));
    for (const base of ['/usr/lib/jvm', '/Library/Java/JavaVirtualMachines']) {
      let entries: string[];
      try {
        entries = (await readdir(base)).sort();
      } catch {
        continue;
      }
      for (const entry of entries) {
        const home = path.join(base, entry);
        homes.push(existsSync(path.join(home, 'Contents', 'Home')) ? path.join(home, 'Contents', 'Home') : home);
      }
    }
    const unique = new Map<string, string>();
    for (const home of homes) {
      try {
        const real = await realpath(home);
        if (!unique.has(real)) unique.set(real, home);
      } catch {
        // a dangling JAVA_HOME or link
      }
    }
    const probed = await Promise.all([...unique.keys()].map(probeJdk));
    return probed.filter((jdk): jdk is Jdk => jdk !== undefined);
  })();
  return installed;
}

function installHint(minMajor: number, alternative?: string): string {
  const pkg = minMajor <= 17 ? 'openjdk-17-jdk-headless' : 'openjdk-21-jdk-headless';
  const hint = `Install a JDK ${minMajor} or newer, e.g. \`apt-get install ${pkg}\` (Debian/Ubuntu) or a Temurin ${minMajor}+ JDK, or point JAVA_HOME at one`;
  return alternative ? `${hint}; or ${alternative}.` : `${hint}.`;
}

/**
 * Picks a JDK for a server: the one named by `homeEnv` if set (it must qualify), else the oldest installed
 * feature release that qualifies (servers are tested most on the oldest release they support).
 */
export async function findJdk(requirement: JdkRequirement, env: NodeJS.ProcessEnv = process.env): Promise<Jdk> {
  const { minMajor, maxMajor, purpose, homeEnv, alternative } = requirement;
  const fits = (jdk: Jdk): boolean => jdk.major >= minMajor && (maxMajor === undefined || jdk.major <= maxMajor);
  const range = maxMajor === undefined ? `${minMajor}+` : `${minMajor} to ${maxMajor}`;
  const named = homeEnv ? env[homeEnv]?.trim() : undefined;
  if (homeEnv && named) {
    const jdk = await probeJdk(named);
    if (!jdk) throw new ServiceError(`${homeEnv}=${named} is not a Java installation (no working bin/java)`);
    if (!fits(jdk)) {
      throw new ServiceError(`${purpose} needs Java ${range}, but ${homeEnv} points at Java ${jdk.version}`, {
        hint: installHint(minMajor, alternative),
      });
    }
    return jdk;
  }
  const candidates = (await installedJdks(env)).filter(fits).sort((a, b) => a.major - b.major);
  const chosen = candidates[0];
  if (chosen) return chosen;
  const found = (await installedJdks(env)).map((jdk) => `${jdk.version} (${jdk.home})`);
  throw new ServiceError(
    `${purpose} needs Java ${range}; ${found.length ? `found only ${found.join(', ')}` : 'no Java runtime was found (JAVA_HOME, PATH, /usr/lib/jvm)'}`,
    { hint: installHint(minMajor, alternative) },
  );
}
