import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { Output, Processor } from '../component.js';
import { SidecarError } from '../errors.js';
import type { LogEvent } from '../event.js';
import { DeadLetterFile } from './dead-letter.js';
import { OutputStage } from './output-stage.js';
import { Pipeline } from './pipeline.js';
import { ProcessorStage } from './processor-stage.js';
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

async function setup(outputs: Output[], processors: ProcessorStage[] = [], maxInFlight = 2) {
  const stateDir = await mkdtemp(path.join(os.tmpdir(), 'pipeline-'));
  const stats = new ComponentStats();
  const stop = new AbortController();
  const stages = outputs.map((o, i) => new OutputStage(`out${i}`, `outputs[${i}]`, o, new DeadLetterFile(stateDir, `out${i}`), stats, logger, stop.signal));
  return { pipeline: new Pipeline(processors, stages, maxInFlight, stats, logger), stats, stateDir, stop };
}

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('Pipeline', () => {
  it('acknowledges a batch only after every output acknowledged it', async () => {
    const a = new ManualOutput();
    const b = new ManualOutput();
    const { pipeline } = await setup([a, b]);
    let delivered = false;
    await pipeline.sinkFor('in')({ events: [ev('x')], delivered: () => (delivered = true) });
    await tick();
    a.releaseAll();
    await tick();
    expect(delivered).toBe(false);
    b.releaseAll();
    await pipeline.drain();
    expect(delivered).toBe(true);
  });

  it('makes inputs wait when max_in_flight_batches are pending (backpressure)', async () => {
    const out = new ManualOutput();
    const { pipeline } = await setup([out], [], 2);
    const sink = pipeline.sinkFor('in');
    await sink({ events: [ev('1')], delivered: () => {} });
    await sink({ events: [ev('2')], delivered: () => {} });
    let thirdAccepted = false;
    const third = sink({ events: [ev('3')], delivered: () => {} }).then(() => (thirdAccepted = true));
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
    let delivered = 0;
    await pipeline.sinkFor('in')({ events: [ev('retried')], delivered: () => delivered++ });
    while (out.waiting === 0) await tick();
    out.releaseAll();
    out.failures.push(new SidecarError('MAPPING', 'mapper_parsing_exception', { retriable: false }));
    await pipeline.sinkFor('in')({ events: [ev('rejected')], delivered: () => delivered++ });
    await pipeline.drain();
    expect(delivered).toBe(2);
    expect(out.written).toEqual([['retried']]);
    expect(stats.summary().dead_lettered).toEqual({ out0: 1 });
    const dead = JSON.parse(await readFile(path.join(stateDir, 'dead-letter', 'out0.ndjson'), 'utf8')) as { reason: string; event: LogEvent };
    expect(dead.event.message).toBe('rejected');
    expect(dead.reason).toContain('mapper_parsing_exception');
  });

  it('keeps events a processor failed on, tagged with the processor place', async () => {
    const failing: Processor = { process: () => { throw new Error('boom'); } };
    const out = new ManualOutput();
    const stage = new ProcessorStage('p', 'processors[0] (explode)', failing, (e) => e.message === 'b', logger);
    const { pipeline } = await setup([out], [stage]);
    const events = [ev('a'), ev('b')];
    await pipeline.sinkFor('in')({ events, delivered: () => {} });
    while (out.waiting === 0) await tick();
    out.releaseAll();
    await pipeline.drain();
    expect(out.written).toEqual([['a', 'b']]);
    expect(events[0]?.tags).toBeUndefined();
    expect(events[1]).toMatchObject({ tags: ['processor_error'], error: { message: 'processors[0] (explode): boom' } });
  });
});
