/**
 * Soak test: about half an hour of mixed load through one agent process (the built CLI) into a real
 * Elasticsearch, with log rotations every minute (one in four a copytruncate), the engine stopped twice, the
 * agent killed with SIGKILL three times and reloaded twice. Samples the agent's memory, CPU and lag every few
 * seconds; at the end looks up every event by its id in the engine and prints the account, and writes a chart
 * (bench/soak.svg). Runs on demand, never in CI:
 *   npm run soak [-- --minutes 30 --steady-minutes 0 --sample-seconds 5 --chart bench/soak.svg --seed 1 --keep-engine]
 * `--steady-minutes` adds load after the disrupted part with rotations only, so the last life is long.
 * The engine is a dedicated Elasticsearch on port 9250 (bench/soak/engine.ts), never the shared test one; it
 * runs from the distribution scripts/services fetched (SIDECAR_SERVICES_DIR, else .cache/services; fetched
 * there first when missing). Needs `npm run models` (MiniLM) and a JDK 17+.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { createSearchClient } from '../../agent/outputs/elasticsearch/search-client.js';
import { settleAccount } from './account.js';
import { RAW_STREAM, soakConfig, STORE_STREAM } from './agent-config.js';
import { SoakAgent } from './agent-process.js';
import { deadLetterIds, documentsPerId, duplicateOrigins } from './collect.js';
import { SoakEngine } from './engine.js';
import { LoadWriter, RATES, streams } from './load.js';
import { chartSpec, summaryMarkdown, type RunSummary, type TimelineEntry } from './report.js';
import { Sampler } from './sampler.js';
import { schedule, type Scheduled } from './schedule.js';
import { renderChart } from './svg-chart.js';
import { agentExecutable } from '../../scripts/agent-executable.js';

const { values: options } = parseArgs({
  options: {
    minutes: { type: 'string', default: '30' },
    'steady-minutes': { type: 'string', default: '0' },
    'sample-seconds': { type: 'string', default: '5' },
    chart: { type: 'string', default: 'bench/soak.svg' },
    seed: { type: 'string', default: '1' },
    'keep-engine': { type: 'boolean', default: false },
  },
});
const MINUTES = Number(options.minutes);
const STEADY_MINUTES = Number(options['steady-minutes']);
const LOAD_MS = (MINUTES + STEADY_MINUTES) * 60_000;
const SAMPLE_MS = Number(options['sample-seconds']) * 1000;
const DRAIN_LIMIT_MS = 10 * 60_000;
const RELOAD_WAIT_MS = 3 * 60_000;
if (!(MINUTES > 0) || !(SAMPLE_MS > 0) || !(STEADY_MINUTES >= 0)) throw new Error('--minutes and --sample-seconds must be positive numbers, --steady-minutes zero or more');

const root = path.resolve(import.meta.dirname, '../../..');
const cli = agentExecutable(root);
const modelDir = path.join(root, 'models', 'all-minilm-l6-v2');
if (!existsSync(path.join(modelDir, 'config.json'))) throw new Error(`${modelDir} is missing: run "npm run models" first`);
const runDir = path.join(root, '.cache', 'soak', `run-${new Date().toISOString().replace(/[:.]/g, '-')}`);
const logDir = path.join(runDir, 'logs');
mkdirSync(logDir, { recursive: true });
const log = (line: string) => process.stderr.write(`[soak ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
log(`run folder ${runDir}`);

const engine = await SoakEngine.create(path.join(root, '.cache', 'soak', 'elasticsearch'));
const client = createSearchClient({ engine: 'elasticsearch', node: engine.address, compatibleWith: 8, requestTimeoutMs: 60_000 });
const configFile = path.join(runDir, 'sidecar.yaml');
const writeConfig = (variant: number) => writeFileSync(configFile, soakConfig({ runDir, logDir, modelDir, engine: engine.address, variant }));
const agentLog = SoakAgent.logFile(path.join(runDir, 'agent.log'));
const loadStart = os.loadavg();
let agent: SoakAgent | undefined;

process.once('SIGINT', () => {
  log('interrupted: killing the agent and stopping the soak engine');
  agent?.signal('SIGKILL');
  void engine.stop().finally(() => process.exit(130));
});

try {
  await engine.start(log, true);
  writeConfig(0);
  const writer = new LoadWriter(streams(logDir, Number(options.seed)));
  agent = SoakAgent.start(cli, configFile, agentLog);
  if ((await agent.waitForLog(['agent started'], 300_000)) === undefined) throw new Error(`the agent did not start; see ${runDir}/agent.log`);
  const startedAt = Date.now();
  const since = () => (Date.now() - startedAt) / 1000;
  const timeline: TimelineEntry[] = [];
  const note = (kind: TimelineEntry['kind'], detail?: string) => {
    timeline.push({ t: since(), kind, ...(detail !== undefined ? { detail } : {}) });
    log(`${kind}${detail !== undefined ? ` (${detail})` : ''}`);
  };
  const sampler = new Sampler(client, STORE_STREAM, path.join(runDir, 'samples.ndjson'), startedAt);
  writer.start(startedAt);
  const writing = setInterval(() => writer.tick(Date.now()), 100);

  let sampling = true;
  const samplingDone = (async () => {
    while (sampling) {
      const current = agent as SoakAgent;
      const sample = await sampler.sample(current.pid, writer.total);
      if (Math.round(sample.t) % 60 < SAMPLE_MS / 1000) {
        log(`t=${Math.round(sample.t)}s rss=${sample.rssMiB?.toFixed(0)}MiB cpu=${sample.cpuPercent?.toFixed(0)}% written=${sample.written} stored=${sample.stored} lag=${sample.lag}`);
      }
      await sleep(SAMPLE_MS);
    }
  })();

  /**
   * Waits (at most `limitMs`) until the store is within ten seconds of load of what was written. A reload
   * drains the pipeline within shutdown_timeout or is abandoned; right after an outage, with the backlog in
   * flight, it would be abandoned, and the run should show reloads that were applied.
   */
  const caughtUp = async (limitMs: number) => {
    const until = Date.now() + limitMs;
    const near = 10 * Object.values(RATES).reduce((a, b) => a + b, 0);
    while (Date.now() < until) {
      const last = sampler.samples[sampler.samples.length - 1];
      if (last?.engineAnswered === true && last.lag !== null && last.lag < near) return;
      await sleep(1000);
    }
  };
  // Reloads wait for the engine: with an output down the pipeline cannot drain, and the agent abandons them.
  let engineUp: Promise<void> = Promise.resolve();
  let engineBack = (): void => undefined;
  const perform = async ({ action }: Scheduled): Promise<void> => {
    switch (action.kind) {
      case 'rotate':
        writer.rotate(action.number);
        note('rotate', String(action.number));
        return;
      case 'copytruncate':
        writer.copytruncate(action.number);
        note('copytruncate', String(action.number));
        return;
      case 'engine-stop':
        note('engine-stop');
        engineUp = new Promise((resolve) => (engineBack = resolve));
        await engine.stop();
        return;
      case 'engine-start':
        await engine.start(log);
        note('engine-ready');
        engineBack();
        return;
      case 'kill': {
        const victim = agent as SoakAgent;
        await sampler.recordUsage(victim.pid);
        await victim.stop('SIGKILL');
        agent = SoakAgent.start(cli, configFile, agentLog);
        note('kill', `pid ${victim.pid} → ${agent.pid}`);
        return;
      }
      case 'reload': {
        await engineUp;
        await caughtUp(RELOAD_WAIT_MS);
        const current = agent as SoakAgent;
        writeConfig(action.variant);
        current.mark();
        current.signal('SIGHUP');
        const outcome = await current.waitForLog(['reload applied', 'reload abandoned', 'reload: config unchanged', 'reload: the new config is invalid', 'reload: cannot build', 'reload requested before'], 120_000);
        note('reload', outcome ?? 'no answer within 120 s');
      }
    }
  };
  // Three lanes that run side by side, each in order: files, the engine, the agent process.
  const lane = (kinds: readonly string[]) => schedule(MINUTES * 60_000, STEADY_MINUTES * 60_000).filter((s) => kinds.includes(s.action.kind));
  const runLane = async (items: readonly Scheduled[]) => {
    for (const item of items) {
      await sleep(Math.max(0, startedAt + item.atMs - Date.now()));
      await perform(item);
    }
  };
  const lanes = Promise.all([runLane(lane(['rotate', 'copytruncate'])), runLane(lane(['engine-stop', 'engine-start'])), runLane(lane(['kill', 'reload']))]);
  // The load ends on time even when a lane is still busy (a reload waiting for the engine).
  await sleep(Math.max(0, startedAt + LOAD_MS - Date.now()));
  clearInterval(writing);
  writer.tick(startedAt + LOAD_MS);
  note('writing-stopped', `${writer.total} events`);
  await lanes;

  // Drain: wait until the store holds as many events as were written (or give up and let the account say why).
  const drainStart = Date.now();
  let drainSeconds: number | undefined;
  while (Date.now() - drainStart < DRAIN_LIMIT_MS) {
    const last = sampler.samples[sampler.samples.length - 1];
    if (last !== undefined && last.engineAnswered && last.stored !== null && last.stored >= writer.total && last.t > since() - SAMPLE_MS / 1000 - 1 && last.written === writer.total) {
      drainSeconds = (Date.now() - drainStart) / 1000;
      note('caught-up');
      break;
    }
    await sleep(1000);
  }
  await sleep(2 * SAMPLE_MS); // a few samples of the idle agent
  sampling = false;
  await samplingDone;
  const final = agent as SoakAgent;
  await sampler.recordUsage(final.pid);
  const exit = await final.stop('SIGTERM');
  log(`agent stopped (${exit})`);

  const stateDir = path.join(runDir, 'state', 'dead-letter');
  const raw = await documentsPerId(client, RAW_STREAM);
  const account = settleAccount(writer.specs(), {
    store: await documentsPerId(client, STORE_STREAM),
    raw,
    storeDeadLetters: deadLetterIds(path.join(stateDir, 'store.ndjson')),
    rawDeadLetters: deadLetterIds(path.join(stateDir, 'raw.ndjson')),
  });
  const summary: RunSummary = {
    command: `npm run soak -- --minutes ${MINUTES}${STEADY_MINUTES > 0 ? ` --steady-minutes ${STEADY_MINUTES}` : ''}`,
    minutes: MINUTES,
    steadyMinutes: STEADY_MINUTES,
    rates: { ...RATES },
    loadAverage: { start: loadStart, end: os.loadavg() },
    samples: sampler.samples,
    timeline,
    account,
    agentCpuSeconds: sampler.agentCpuSeconds,
    drainSeconds,
    // a failure here must not cost the account above
    duplicateOrigins: await duplicateOrigins(client, RAW_STREAM, raw).catch((error: unknown) => {
      log(`duplicate origins unknown: ${String(error)}`);
      return undefined;
    }),
  };
  writeFileSync(path.join(runDir, 'summary.json'), `${JSON.stringify({ ...summary, samples: undefined }, null, 2)}\n`);
  const chart = path.resolve(root, options.chart);
  writeFileSync(chart, renderChart(chartSpec(summary)));
  console.log(summaryMarkdown(summary));
  if (account.streams.some((s) => s.firstMissing.length > 0)) {
    console.log(`\nFirst missing: ${account.streams.map((s) => `${s.name} ${s.firstMissing.join(',')}`).join('; ')}`);
  }
  console.log(`\nChart: ${path.relative(root, chart)}; samples and agent logs: ${path.relative(root, runDir)}`);
  process.exitCode = account.zeroLoss ? 0 : 1;
} finally {
  if (agent !== undefined && agent.child.exitCode === null && agent.child.signalCode === null) await agent.stop('SIGKILL');
  agentLog.end();
  await client.close();
  if (!options['keep-engine']) await engine.stop();
}
