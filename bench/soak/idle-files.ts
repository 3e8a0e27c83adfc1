/**
 * What the soak run's growing CPU share points at: the agent's CPU at the soak's file load (204 events/s over
 * four logs, no processors, file output) with and without 30 idle rotated files per log under the globs (the
 * 120 files a 30-minute soak leaves). Alternating runs, median of 3 each. Usage, after `npm run build`:
 *   node dist/bench/soak/idle-files.js [--extra 30 --seconds 40] [--baseline <other build>/dist/bin/sidecar-ai.js]
 *     [--close-inactive 5s]
 * With --baseline, each round also runs that build's agent, right after this one's, for a before/after.
 * --close-inactive sets the file inputs' close_inactive for this build only (the default, 5 minutes, is
 * longer than a run), so that the idle files are closed early in it.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { procUsage } from './agent-process.js';
import { LoadWriter, streams } from './load.js';
import { agentExecutable } from '../../scripts/agent-executable.js';

const { values: options } = parseArgs({
  options: { extra: { type: 'string', default: '30' }, seconds: { type: 'string', default: '40' }, baseline: { type: 'string' }, 'close-inactive': { type: 'string' } },
});
const EXTRA = Number(options.extra);
const SECONDS = Number(options.seconds);
const root = path.resolve(import.meta.dirname, '../../..');
const work = path.join(root, '.cache', 'bench', 'soak-idle-files');

const builds = new Map([['this build', agentExecutable(root)]]);
if (options.baseline) builds.set('baseline', path.resolve(options.baseline));
const closeInactive = options['close-inactive'];

/** CPU share of one core and RSS of the agent (`cli`) while the load runs, with `extra` idle files per log. */
async function run(cli: string, extra: number, inputOptions: string): Promise<{ cpuPercent: number; rssMiB: number }> {
  const dir = path.join(work, `extra-${extra}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, 'logs'), { recursive: true });
  const loads = streams(path.join(dir, 'logs'), 1);
  for (const load of loads) for (let i = 1; i <= extra; i++) writeFileSync(`${load.file}.${i}`, `${load.event(1_000_000 + i)}\n`);
  const inputs = loads.map((load) => `  - type: file\n    id: ${load.name}\n    include: ["${load.file}*"]\n    exclude: ["*.gz"]\n${inputOptions}`).join('');
  writeFileSync(path.join(dir, 'c.yaml'), `state_dir: ${dir}/state\ninputs:\n${inputs}outputs:\n  - type: file\n    path: ${dir}/out.ndjson\n    fsync: false\n`);
  const writer = new LoadWriter(loads);
  const child = spawn(process.execPath, [cli, 'run', '-c', path.join(dir, 'c.yaml')], { stdio: 'ignore' });
  try {
    await sleep(8_000); // start-up and the idle files' one line each
    writer.start(Date.now());
    const timer = setInterval(() => writer.tick(Date.now()), 100);
    await sleep(5_000);
    const before = await procUsage(child.pid ?? -1);
    const from = Date.now();
    await sleep(SECONDS * 1000);
    const after = await procUsage(child.pid ?? -1);
    clearInterval(timer);
    if (before === undefined || after === undefined) throw new Error('the agent exited');
    return { cpuPercent: ((after.cpuSeconds - before.cpuSeconds) / ((Date.now() - from) / 1000)) * 100, rssMiB: after.rssBytes / 2 ** 20 };
  } finally {
    // An agent that exited by itself (a broken build) emits no second exit: waiting for one would hang.
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  }
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const results = new Map<string, { cpuPercent: number; rssMiB: number }[]>();
for (let round = 0; round < 3; round++) {
  for (const extra of [0, EXTRA]) {
    for (const [build, cli] of builds) {
      const closing = build === 'this build' && closeInactive !== undefined;
      const key = `${build}${closing ? ` (close_inactive ${closeInactive})` : ''}: ${extra} idle files per log (${4 * extra} in all)`;
      results.set(key, [...(results.get(key) ?? []), await run(cli, extra, closing ? `    close_inactive: ${closeInactive}\n` : '')]);
    }
  }
}
console.log(`load average ${os.loadavg().map((v) => v.toFixed(2)).join(' ')}`);
for (const [key, runs] of results) {
  console.log(
    `${key}: agent CPU ${median(runs.map((r) => r.cpuPercent)).toFixed(1)} % of a core (runs ${runs.map((r) => r.cpuPercent.toFixed(1)).join(', ')}), RSS ${median(runs.map((r) => r.rssMiB)).toFixed(0)} MiB`,
  );
}
