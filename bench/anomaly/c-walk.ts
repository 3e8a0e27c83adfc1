/**
 * The C reference walk (forest-walk.c), compiled on demand with the system C compiler at -O2 into
 * .cache/bench/anomaly-c/, and rebuilt only when its source or the compiler changes.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { which } from '../../scripts/services/which.js';
import { ScorerTimings } from './timings.js';

const run = promisify(execFile);
export const C_FLAGS = ['-O2'];

export interface CompiledWalk {
  binary: string;
  /** The compiler's first line of --version, for the bench's output. */
  compiler: string;
}

/** $CC, else cc, gcc or clang from PATH; the error says what to install when there is none. */
async function findCompiler(): Promise<string> {
  for (const name of [process.env.CC, 'cc', 'gcc', 'clang']) {
    if (name === undefined || name === '') continue;
    const found = name.includes('/') ? name : await which(name);
    if (found !== undefined && existsSync(found)) return found;
  }
  throw new Error('no C compiler for the reference walk: set CC, or install one (Debian/Ubuntu: apt-get install gcc)');
}

/** Compiles bench/anomaly/forest-walk.c of `root` into `out` (.cache/bench/anomaly-c) unless already there. */
export async function compileWalk(root: string, out = path.join(root, '.cache', 'bench', 'anomaly-c')): Promise<CompiledWalk> {
  const source = path.join(root, 'bench', 'anomaly', 'forest-walk.c');
  const compiler = await findCompiler();
  const version = (await run(compiler, ['--version'])).stdout.split('\n')[0] ?? compiler;
  const digest = createHash('sha256').update(await readFile(source)).update(version).update(C_FLAGS.join(' ')).digest('hex').slice(0, 16);
  const binary = path.join(out, `forest-walk-${digest}`);
  if (!existsSync(binary)) {
    await mkdir(out, { recursive: true });
    await run(compiler, [...C_FLAGS, '-Wall', '-o', binary, source, '-lm']);
  }
  return { binary, compiler: `${version} ${C_FLAGS.join(' ')}` };
}

export async function runWalk(walk: CompiledWalk, args: string[]): Promise<ScorerTimings> {
  const { stdout } = await run(walk.binary, args, { maxBuffer: 16 * 1024 * 1024 });
  return ScorerTimings.parse(JSON.parse(stdout));
}
