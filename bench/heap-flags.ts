/**
 * The agent's V8 heap flags and file read size, compared on the same input in one invocation: peak RSS, CPU
 * seconds per million lines and the number of full (mark-compact) collections, for raw lines (`codec: text`)
 * and parsed JSON (`parse_json`, `codec: json`), file → file. Each variant sets every flag itself (with
 * SIDECAR_AI_V8_DEFAULTS=off), so what it runs under is exactly what its label says; runs alternate between
 * the variants. Timed as bench:otel times the agent: from spawn to the last line in the output (follow mode).
 * Usage (on the runtime the image ships):
 *   npm run bench:heap-flags [-- --lines 1000000 --runs 3]
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { agentExecutable } from '../scripts/agent-executable.js';
import { agentFileConfig } from './otel/configs.js';
import { fileMarkerCounter } from './otel/event-counters.js';
import { makeInput } from './otel/input.js';
import { runUntilDelivered, type RunFigures } from './otel/process-figures.js';

const { values: options } = parseArgs({
  options: {
    lines: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '3' },
  },
});
const LINES = Number(options.lines);
const RUNS = Number(options.runs);
const root = path.resolve(import.meta.dirname, '../..');
const work = path.join(root, '.cache', 'bench', 'heap-flags');
const cli = agentExecutable(root);

interface Variant {
  label: string;
  flags: string[];
  readBuffer: string;
}

const OLD_SPACE = '--max-old-space-size=512';
const NO_PRETENURING = '--no-allocation-site-pretenuring';
const VARIANTS: Variant[] = [
  { label: 'semi-space 16 MiB, pretenuring, 256 KiB reads (the defaults before)', flags: ['--max-semi-space-size=16', OLD_SPACE], readBuffer: '256KiB' },
  { label: 'semi-space 16 MiB, no pretenuring, 256 KiB reads', flags: ['--max-semi-space-size=16', OLD_SPACE, NO_PRETENURING], readBuffer: '256KiB' },
  { label: 'semi-space 8 MiB, pretenuring, 128 KiB reads', flags: ['--max-semi-space-size=8', OLD_SPACE], readBuffer: '128KiB' },
  { label: 'semi-space 8 MiB, no pretenuring, 256 KiB reads', flags: ['--max-semi-space-size=8', OLD_SPACE, NO_PRETENURING], readBuffer: '256KiB' },
  { label: 'semi-space 8 MiB, no pretenuring, 128 KiB reads (the defaults now)', flags: ['--max-semi-space-size=8', OLD_SPACE, NO_PRETENURING], readBuffer: '128KiB' },
];

interface Run extends RunFigures {
  fullCollections: number;
}

async function runOnce(variant: Variant, input: string, parsed: boolean): Promise<Run> {
  const dir = path.join(work, 'run');
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const output = path.join(dir, 'out.ndjson');
  const file = path.join(dir, 'config.yaml');
  await writeFile(file, agentFileConfig(path.join(dir, 'state'), input, output, parsed, variant.readBuffer));
  let trace = '';
  let fullCollections = 0;
  const figures = await runUntilDelivered(variant.label, process.execPath, [...variant.flags, '--trace-gc', cli, 'run', '-c', file], fileMarkerCounter(output, '\n'), LINES, {
    env: { ...process.env, SIDECAR_AI_V8_DEFAULTS: 'off' },
    onStdout: (chunk) => {
      // --trace-gc writes one line per collection to stdout (the agent logs to stderr).
      const lines = (trace + chunk).split('\n');
      trace = lines.pop() ?? '';
      for (const line of lines) if (line.includes('Mark-Compact')) fullCollections++;
    },
  });
  return { ...figures, fullCollections };
}

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

const input = await makeInput(path.join(root, '.cache', 'bench', 'otel-peer'), LINES);
process.stdout.write(`sidecar-ai heap flags, node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}, ${LINES.toLocaleString('en')} JSON lines file → file, ${RUNS} runs per variant, alternating\n`);
for (const parsed of [false, true]) {
  const runs = new Map<Variant, Run[]>(VARIANTS.map((variant) => [variant, []]));
  for (let i = 0; i < RUNS; i++) {
    for (let k = 0; k < VARIANTS.length; k++) {
      const variant = VARIANTS[(k + i) % VARIANTS.length] as Variant;
      const run = await runOnce(variant, input, parsed);
      process.stderr.write(`  ${parsed ? 'parsed' : 'raw'} ${variant.label} run ${i + 1}: ${run.cpuSeconds.toFixed(2)} CPU s, ${run.peakRssMiB.toFixed(0)} MiB, ${run.fullCollections} full collections\n`);
      runs.get(variant)?.push(run);
    }
  }
  process.stdout.write(`\n${parsed ? 'parsed (parse_json, codec json)' : 'raw lines (codec text)'}\n\n`);
  process.stdout.write('| variant | CPU s per 1M lines (median; runs) | peak RSS MiB (median; runs) | full collections per run |\n| --- | --- | --- | --- |\n');
  for (const variant of VARIANTS) {
    const list = runs.get(variant) ?? [];
    const cpu = list.map((r) => (r.cpuSeconds / r.events) * 1e6);
    const rss = list.map((r) => r.peakRssMiB);
    process.stdout.write(
      `| ${variant.label} | ${median(cpu).toFixed(2)}; ${cpu.map((c) => c.toFixed(2)).join(', ')} | ${median(rss).toFixed(0)}; ${rss.map((r) => r.toFixed(0)).join(', ')} | ${list.map((r) => r.fullCollections).join(', ')} |\n`,
    );
  }
}
