/**
 * `npm run build:forest-kernel`: rewrites processors/anomaly/forest/forest-kernel-wasm.ts from
 * forest-kernel.wat. `--check` only compares and exits 1 when the assembled module is stale.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { assembledKernelModule, KERNEL_MODULE } from './forest-kernel-assembly.js';

const text = await assembledKernelModule();
const current = await readFile(KERNEL_MODULE, 'utf8').catch(() => '');
const name = path.relative(process.cwd(), KERNEL_MODULE);
if (text === current) process.stdout.write(`${name} is up to date\n`);
else if (process.argv.includes('--check')) {
  process.stderr.write(`${name} is out of date: run npm run build:forest-kernel\n`);
  process.exitCode = 1;
} else {
  await writeFile(KERNEL_MODULE, text);
  process.stdout.write(`${name} written\n`);
}
