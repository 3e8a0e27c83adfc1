/**
 * The delivery contract under everything at once, for a minute: the application writes several thousand
 * lines/s while its log is rotated by rename and by copytruncate (the copies included in the globs), the
 * agent is killed with SIGKILL five times at random moments and reloaded twice (one valid config that
 * restarts the input, one invalid). A final `run --once` then drains what is left. Every line must be in the
 * output; duplicates stay within what each kill can repeat (the checkpoint interval at the write rate, plus
 * the batches in flight); no line comes twice because a copy was read as a new file.
 */
import { copyFileSync, mkdirSync, readFileSync, renameSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AgentProcess, readEvents, sleep, tempDir, waitFor, writeConfig } from '../helpers/agent-process.js';
import { LineLedger } from '../helpers/line-ledger.js';

const RUN_MS = 60_000;
const LINES_PER_TICK = 40; // every 10 ms: about 4,000 lines/s
const CHECKPOINT_MS = 200;
const KILLS = 5;
/** Per kill: lines written during one checkpoint interval, plus half a second's worth for batches in flight. */
const DUPLICATES_PER_KILL = Math.ceil(LINES_PER_TICK * 100 * ((CHECKPOINT_MS + 500) / 1000));

function config(dir: string, pollInterval: string): string {
  return `state_dir: ${dir}/state
log: { level: info }
pipeline: { checkpoint_interval: ${CHECKPOINT_MS}ms, shutdown_timeout: 20s }
inputs:
  - type: file
    id: app
    include: ["${dir}/logs/app.log*"]
    exclude: ["*.gz"]
    poll_interval: ${pollInterval}
    scan_interval: 500ms
    rotate_wait: 1s
outputs:
  - type: file
    id: out
    path: ${dir}/out/events.ndjson
`;
}

describe('torture: rotations, copytruncates, kill -9 and reloads for a minute', () => {
  it('delivers every line; duplicates only from kills, within the checkpoint window; none from copies', { timeout: 240_000 }, async () => {
    const dir = await tempDir('torture');
    mkdirSync(path.join(dir, 'logs'));
    const log = path.join(dir, 'logs', 'app.log');
    const out = path.join(dir, 'out', 'events.ndjson');
    const file = await writeConfig(dir, config(dir, '100ms'));
    const ledger = new LineLedger('torture', 40);
    ledger.append(log, 100);
    let agent = AgentProcess.start(['run', '-c', file]);
    await agent.waitForLog('following file');
    const logs: string[] = [];
    const seed = Date.now() % 100_000;
    let state = seed;
    const random = () => ((state = (state * 48_271) % 2_147_483_647) / 2_147_483_647);
    const seen = (seq: number) => ledger.seenIn(readFileSync(out, { encoding: 'utf8', flag: 'a+' }), seq);

    let writing = true;
    const writer = (async () => {
      while (writing) {
        ledger.append(log, LINES_PER_TICK);
        await sleep(10);
      }
    })();
    const started = Date.now();
    const at = async (ms: number) => {
      while (Date.now() - started < ms) await sleep(20);
    };
    /** Waits until the agent has read what was written up to now, so a kill finds it caught up. */
    const caughtUp = async () => {
      const last = ledger.written - 1;
      await waitFor(async () => seen(last), 60_000, `line ${last} in the output`);
    };
    const kill = async () => {
      await caughtUp();
      await sleep(random() * 1000);
      await agent.stop('SIGKILL');
      logs.push(agent.stderr);
      await sleep(200);
      agent = AgentProcess.start(['run', '-c', file]);
      await agent.waitForLog('agent started');
    };
    const rename = (n: number) => renameSync(log, `${log}.r${n}`);
    const copytruncate = async (n: number) => {
      await caughtUp();
      copyFileSync(log, `${log}.c${n}`);
      copyFileSync(log, `${log}.c${n}.gz`);
      truncateSync(log, 0);
    };
    const reload = async (text: string, expected: string) => {
      writeFileSync(file, text);
      agent.child.kill('SIGHUP');
      await agent.waitForLog(expected, 30_000);
    };

    await at(4_000);
    rename(1);
    await at(8_000);
    await kill();
    await at(13_000);
    await copytruncate(1);
    await at(19_000);
    await kill();
    await at(24_000);
    // Valid: the input changes, so it drains, checkpoints and restarts from its checkpoint.
    await reload(config(dir, '150ms'), 'reload applied');
    await at(28_000);
    rename(2);
    await at(32_000);
    await kill();
    await at(37_000);
    await copytruncate(2);
    await at(43_000);
    await kill();
    await at(47_000);
    await reload(`${config(dir, '150ms')}\npipeline: { checkpoint_interval: soon }\n`, 'reload: the new config is invalid');
    writeFileSync(file, config(dir, '150ms'));
    await at(51_000);
    rename(3);
    await at(55_000);
    await kill();
    await at(RUN_MS);
    writing = false;
    await writer;
    await caughtUp().catch(() => undefined);
    const stopped = await agent.stop();
    logs.push(stopped.stderr);
    const final = await AgentProcess.start(['run', '--once', '-c', file]).wait();
    logs.push(final.stderr);

    const events = await readEvents(out);
    const result = ledger.check(events);
    const tail = logs.join('\n').slice(-4000);
    expect(result.missing.slice(0, 10), `seed ${seed}\n${tail}`).toEqual([]);
    expect(result.foreign).toBe(0);
    expect(stopped.code).toBe(0);
    expect(final.code).toBe(0);
    // A copy's lines that were read from the original before the truncation are not read again from the copy.
    const pathsBySeq = new Map<number, Set<string>>();
    for (const event of events) {
      const seq = (JSON.parse(event.message) as { seq: number }).seq;
      const where = event.log?.file?.path ?? '';
      const paths = pathsBySeq.get(seq) ?? new Set<string>();
      paths.add(/\.c\d+$/.test(where) ? 'copy' : 'original');
      pathsBySeq.set(seq, paths);
    }
    const fromCopyAndOriginal = [...pathsBySeq.values()].filter((paths) => paths.size > 1).length;
    expect(fromCopyAndOriginal, `seed ${seed}`).toBe(0);
    expect(result.duplicates, `seed ${seed}`).toBeLessThanOrEqual(KILLS * DUPLICATES_PER_KILL);
    console.log(`torture (seed ${seed}): ${ledger.written} lines in ${RUN_MS / 1000} s, ${KILLS} kills, 3 renames, 2 copytruncates, 2 reloads: ${result.duplicates} duplicates (bound ${KILLS * DUPLICATES_PER_KILL})`);
  });
});
