import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { Output, Processor } from '../component.js';
import { SidecarError } from '../errors.js';
import type { LogEvent } from '../event.js';
import { Registry } from 'prom-client';
import { DeadLetterFile, type DurableAppend } from './dead-letters.js';
import { deliveryMetrics } from './delivery-metrics.js';
import { OutputStage } from './output-stage.js';
import { Pipeline } from './pipeline.js';
import { ProcessorStage } from './processor-stage.js';
import { RetryPolicy } from './retry.js';
import { ComponentStats } from './stats.js';

const logger = pino({ level: 'silent' });
const ev = (message: string): LogEvent => ({ '@timestamp': 't', message });

/** An output whose acknowledgements the test releases by hand. */
class ManualOutput implements Output {
  readonly written: string[][] = [];
  private releases: (() => void)[] = [];
  failures: Error[] = [];

  write(events: readonly LogEvent[]): Promise<void> {
    const failure = this.failures.shift();
    if (failure) return Promise.reject(failure);
    return new Promise((resolve) => {
      this.releases.push(() => {
        this.written.push(events.map((e) => e.message));
        resolve();
      });
    });
  }
  releaseAll(): void {
    const pending = this.releases;
    this.releases = [];
    for (const release of pending) release();
  }
  get waiting(): number {
    return this.releases.length;
  }
  async flush(): Promise<void> {}
  async close(): Promise<void> {}
}

async function setup(outputs: Output[], processors: ProcessorStage[] = [], maxInFlight = 2, append?: DurableAppend) {
  const stateDir = await mkdtemp(path.join(os.tmpdir(), 'pipeline-'));
  const stats = new ComponentStats();
  const stop = new AbortController();
  const registry = new Registry();
  const current: { pipeline?: Pipeline } = {};
  const delivery = deliveryMetrics(registry, () => current.pipeline?.oldestUnacknowledgedMs());
  const policy = new RetryPolicy({ initial: 5, max: 20 });
  const stages = outputs.map(
    (o, i) => new OutputStage(`out${i}`, `outputs[${i}]`, o, new DeadLetterFile(stateDir, `out${i}`, { stats, logger, stop: stop.signal, policy, ...(append ? { append } : {}) }), stats, delivery, logger, stop.signal),
  );
  const pipeline = new Pipeline(processors, stages, maxInFlight, stats, delivery, logger);
  current.pipeline = pipeline;
  return { pipeline, stats, stateDir, stop, registry, stages };
}

/** A batch that records how it settled. */
function batch(...messages: string[]) {
  const settled: string[] = [];
  return {
    settled,
    events: messages.map(ev),
    delivered: () => void settled.push('delivered'),
    failed: (reason: Error) => void settled.push(`failed: ${reason.message}`),
  };
}

const running = new AbortController().signal;

async function metricValue(registry: Registry, line: string): Promise<number | undefined> {
  const text = await registry.metrics();
  const found = text.split('\n').find((l) => l.startsWith(line));
  return found === undefined ? undefined : Number(found.slice(line.length + 1));
}

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('Pipeline', () => {
  it('acknowledges a batch only after every output acknowledged it', async () => {
    const a = new ManualOutput();
    const b = new ManualOutput();
    const { pipeline } = await setup([a, b]);
    const x = batch('x');
    await pipeline.sinkFor('in', running)(x);
    await tick();
    a.releaseAll();
    await tick();
    expect(x.settled).toEqual([]);
    b.releaseAll();
    await pipeline.drain();
    expect(x.settled).toEqual(['delivered']);
  });

  it('makes inputs wait when max_in_flight_batches are pending (backpressure)', async () => {
    const out = new ManualOutput();
    const { pipeline } = await setup([out], [], 2);
    const sink = pipeline.sinkFor('in', running);
    await sink(batch('1'));
    await sink(batch('2'));
    let thirdAccepted = false;
    const third = sink(batch('3')).then(() => (thirdAccepted = true));
    await tick();
    expect(thirdAccepted).toBe(false);
    while (!thirdAccepted) {
      out.releaseAll();
      await tick();
    }
    await third;
    out.releaseAll();
    await tick();
    out.releaseAll();
    await pipeline.drain();
    expect(out.written).toEqual([['1'], ['2'], ['3']]);
  });

  it('retries a failing output, then dead-letters a non-retriable rejection and still acknowledges', async () => {
    const out = new ManualOutput();
    out.failures.push(new Error('connection refused'));
    const { pipeline, stats, stateDir } = await setup([out]);
    const retried = batch('retried');
    await pipeline.sinkFor('in', running)(retried);
    while (out.waiting === 0) await tick();
    out.releaseAll();
    out.failures.push(new SidecarError('DOCUMENT_REJECTED', 'mapper_parsing_exception', { retriable: false }));
    const rejected = batch('rejected');
    await pipeline.sinkFor('in', running)(rejected);
    await pipeline.drain();
    expect([...retried.settled, ...rejected.settled]).toEqual(['delivered', 'delivered']);
    expect(out.written).toEqual([['retried']]);
    // Each event counted once: stored or dead-lettered.
    expect(stats.summary()).toMatchObject({ outputs: { out0: 1 }, dead_lettered: { out0: 1 } });
    const dead = JSON.parse(await readFile(path.join(stateDir, 'dead-letter', 'out0.ndjson'), 'utf8')) as { reason: string; event: LogEvent };
    expect(dead.event.message).toBe('rejected');
    expect(dead.reason).toContain('mapper_parsing_exception');
  });

  it('holds a batch whose dead letter cannot be written (disk full) until the write succeeds, then acknowledges it once', async () => {
    const out = new ManualOutput();
    let attempts = 0;
    const diskFullTwice: DurableAppend = async (file, text) => {
      attempts++;
      if (attempts <= 2) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      const { appendFile, mkdir } = await import('node:fs/promises');
      await mkdir(path.dirname(file), { recursive: true });
      await appendFile(file, text);
    };
    const { pipeline, stats, stateDir } = await setup([out], [], 2, diskFullTwice);
    out.failures.push(new SidecarError('DOCUMENT_REJECTED', 'mapper_parsing_exception', { retriable: false }));
    const rejected = batch('rejected');
    await pipeline.sinkFor('in', running)(rejected);
    await pipeline.drain();
    expect(attempts).toBe(3);
    expect(rejected.settled).toEqual(['delivered']);
    expect(stats.summary()).toMatchObject({ outputs: {}, dead_lettered: { out0: 1 } });
    const lines = (await readFile(path.join(stateDir, 'dead-letter', 'out0.ndjson'), 'utf8')).split('\n').filter((l) => l !== '');
    expect(lines.map((l) => (JSON.parse(l) as { event: LogEvent }).event.message)).toEqual(['rejected']);
  });

  it('fails a batch (never dead-letters it) when the agent stops while the output is still retrying', async () => {
    const out = new ManualOutput();
    for (let i = 0; i < 1000; i++) out.failures.push(new Error('connection refused'));
    const { pipeline, stop, stateDir, registry } = await setup([out]);
    const pending = batch('pending');
    await pipeline.sinkFor('in', running)(pending);
    await tick();
    expect(pending.settled).toEqual([]);
    stop.abort();
    await pipeline.drain();
    expect(pending.settled).toHaveLength(1);
    expect(pending.settled[0]).toMatch(/^failed: /);
    await expect(readFile(path.join(stateDir, 'dead-letter', 'out0.ndjson'), 'utf8')).rejects.toThrow(/ENOENT/);
    expect(await metricValue(registry, 'sidecar_batches_failed_total{component="in"}')).toBe(1);
  });

  it('treats an output closed under a pending write as a failure, not a refusal', async () => {
    const out = new ManualOutput();
    out.failures.push(new SidecarError('OUTPUT_CLOSED', 'output closed before the engine stored these events', { retriable: false }));
    const { pipeline, stateDir, stats } = await setup([out]);
    const pending = batch('pending');
    await pipeline.sinkFor('in', running)(pending);
    await pipeline.drain();
    expect(pending.settled).toEqual(['failed: output closed before the engine stored these events']);
    expect(stats.summary().dead_lettered).toEqual({});
    await expect(readFile(path.join(stateDir, 'dead-letter', 'out0.ndjson'), 'utf8')).rejects.toThrow(/ENOENT/);
  });

  it('counts events an output dead-lettered itself once: not also as stored', async () => {
    const out: Output = { write: async () => ({ deadLettered: 1 }), flush: async () => {}, close: async () => {} };
    const { pipeline, stats } = await setup([out]);
    await pipeline.sinkFor('in', running)(batch('a', 'b', 'c'));
    await pipeline.drain();
    expect(stats.summary().outputs).toEqual({ out0: 2 });
  });

  it('fails at once a batch waiting for room when its input stops, so a stopping input never hangs', async () => {
    const out = new ManualOutput();
    const { pipeline } = await setup([out], [], 1);
    const input = new AbortController();
    const sink = pipeline.sinkFor('in', input.signal);
    await sink(batch('first'));
    const waiting = batch('waiting');
    const accepted = sink(waiting);
    await tick();
    input.abort();
    await accepted;
    expect(waiting.settled).toEqual(['failed: input stopped before the batch entered the pipeline']);
    out.releaseAll();
    await pipeline.drain();
    expect(out.written).toEqual([['first']]);
  });

  it('pauses the intake, reports the oldest unacknowledged batch, and swaps outputs only when drained', async () => {
    const before = new ManualOutput();
    const after = new ManualOutput();
    const { pipeline, stages } = await setup([before, after]);
    const sink = pipeline.sinkFor('in', running);
    expect(pipeline.oldestUnacknowledgedMs()).toBeUndefined();
    await sink(batch('old'));
    await new Promise((r) => setTimeout(r, 30));
    expect(pipeline.oldestUnacknowledgedMs()).toBeGreaterThanOrEqual(25);
    pipeline.pause();
    let nextAccepted = false;
    const next = batch('new');
    const accepting = sink(next).then(() => (nextAccepted = true));
    expect(() => pipeline.replace([], [stages[1] as OutputStage], 2)).toThrow(/paused and drained/);
    before.releaseAll();
    after.releaseAll();
    await pipeline.drain();
    expect(nextAccepted).toBe(false);
    pipeline.replace([], [stages[1] as OutputStage], 2);
    pipeline.resume();
    await accepting;
    while (after.waiting === 0) await tick();
    after.releaseAll();
    await pipeline.drain();
    expect(before.written).toEqual([['old']]);
    expect(after.written).toEqual([['old'], ['new']]);
    expect(next.settled).toEqual(['delivered']);
  });

  it('keeps events a processor failed on, tagged with the processor place', async () => {
    const failing: Processor = { process: () => { throw new Error('boom'); } };
    const out = new ManualOutput();
    const stage = new ProcessorStage('p', 'processors[0] (explode)', failing, (e) => e.message === 'b', logger);
    const { pipeline } = await setup([out], [stage]);
    const b = batch('a', 'b');
    await pipeline.sinkFor('in', running)(b);
    while (out.waiting === 0) await tick();
    out.releaseAll();
    await pipeline.drain();
    expect(out.written).toEqual([['a', 'b']]);
    expect(b.events[0]?.tags).toBeUndefined();
    expect(b.events[1]).toMatchObject({ tags: ['processor_error'], error: { message: 'processors[0] (explode): boom' } });
  });
});
