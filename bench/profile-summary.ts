/**
 * Where a V8 CPU profile (`--cpu-prof`, e.g. `npm run bench:kafka -- --cpu-prof`) spent its samples: self time
 * by script (a bundle chunk, a node: module, native code) and by function, as shares of the time not idle.
 * Usage: node dist/bench/profile-summary.js <file.cpuprofile> [--top 20]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';

const { values: options, positionals } = parseArgs({ options: { top: { type: 'string', default: '20' } }, allowPositionals: true });
const file = positionals[0];
if (file === undefined) throw new Error('usage: profile-summary <file.cpuprofile> [--top 20]');

const profileSchema = z.object({
  nodes: z.array(z.object({ id: z.number(), callFrame: z.object({ functionName: z.string(), url: z.string() }) })),
  samples: z.array(z.number()),
  timeDeltas: z.array(z.number()),
});
const profile = profileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));

const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
const SPECIAL = new Set(['(idle)', '(garbage collector)', '(program)', '(root)']);
const byScript = new Map<string, number>();
const byFunction = new Map<string, number>();
let idle = 0;
let busy = 0;
const add = (map: Map<string, number>, key: string, micros: number) => map.set(key, (map.get(key) ?? 0) + micros);

profile.samples.forEach((id, i) => {
  const micros = profile.timeDeltas[i] ?? 0;
  const frame = frames.get(id);
  if (frame === undefined) return;
  if (frame.functionName === '(idle)') {
    idle += micros;
    return;
  }
  busy += micros;
  const script = SPECIAL.has(frame.functionName) ? frame.functionName : frame.url === '' ? 'native' : path.basename(frame.url);
  add(byScript, script, micros);
  add(byFunction, `${frame.functionName || '(anonymous)'} (${script})`, micros);
});

const share = (micros: number) => `${((micros / busy) * 100).toFixed(1)} %`;
const table = (title: string, map: Map<string, number>) => {
  process.stdout.write(`\n| ${title} | share of busy time |\n| --- | ---: |\n`);
  for (const [key, micros] of [...map].sort((a, b) => b[1] - a[1]).slice(0, Number(options.top))) process.stdout.write(`| ${key} | ${share(micros)} |\n`);
};
process.stdout.write(`${path.basename(file)}: ${(busy / 1e6).toFixed(2)} s busy, ${(idle / 1e6).toFixed(2)} s idle\n`);
table('script', byScript);
table('function', byFunction);
