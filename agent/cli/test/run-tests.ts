/**
 * Runs a test file's tests: for each test, the processors are built through the registry as `run` builds
 * them (model-backed ones load their real models), in a fresh temporary state directory so no test sees
 * another's learned state and none touches the agent's; the events go through them as one batch, with
 * `when:` conditions and error tagging as in the pipeline.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';
import type { PipelineTest } from '../../../config/pipeline-test-schema.js';
import type { LogEvent } from '../../event.js';
import type { ComponentRegistry } from '../../registry.js';
import { closeAll, ComponentFactory, type BuiltProcessor } from '../../runtime/build.js';
import { deliveryMetrics } from '../../runtime/delivery-metrics.js';
import { ComponentStats } from '../../runtime/stats.js';
import { createMetrics } from '../../telemetry/metrics.js';
import { checkEvent, type Mismatch } from './expectations.js';
import { testEvents } from './test-events.js';
import type { LoadedTestFile } from './test-file.js';

export interface TestOutcome {
  readonly name: string;
  /** Index in the file's `tests:`, for finding it. */
  readonly index: number;
  readonly mismatches: readonly Mismatch[];
}

export async function runTestFile(loaded: LoadedTestFile, registry: ComponentRegistry, logger: Logger): Promise<TestOutcome[]> {
  const outcomes: TestOutcome[] = [];
  for (const [index, test] of loaded.tests.entries()) {
    outcomes.push({ name: test.name, index, mismatches: await runTest(loaded, test, registry, logger) });
  }
  return outcomes;
}

async function runTest(loaded: LoadedTestFile, test: PipelineTest, registry: ComponentRegistry, logger: Logger): Promise<Mismatch[]> {
  const stateDir = await mkdtemp(path.join(os.tmpdir(), 'sidecar-test-'));
  const processors: BuiltProcessor[] = [];
  try {
    const factory = testFactory(loaded, registry, stateDir, logger);
    for (const [i, raw] of factory.processors.entries()) processors.push(await factory.processor(i, raw));
    const events = testEvents(test, path.resolve(loaded.file), loaded.stamp, new Date().toISOString());
    let current: LogEvent[] = [...events];
    for (const { stage } of processors) current = await stage.run(current);
    return compare(test, events, current);
  } finally {
    await closeAll(processors.map((p) => () => p.stage.close()), logger);
    await rm(stateDir, { recursive: true, force: true });
  }
}

function testFactory(loaded: LoadedTestFile, registry: ComponentRegistry, stateDir: string, logger: Logger): ComponentFactory {
  const stats = new ComponentStats();
  const metrics = createMetrics(stats);
  const config = { inputs: [], outputs: [], processors: loaded.processors, host: undefined, service: undefined };
  return new ComponentFactory({ dir: loaded.configDir, config }, registry, stateDir, {
    once: true,
    logger,
    stats,
    metrics,
    delivery: deliveryMetrics(metrics, () => undefined),
    hardStop: new AbortController().signal,
  });
}

/** Expectations follow the input events by position; processors change events in place, so identity finds each one. */
function compare(test: PipelineTest, inputs: readonly LogEvent[], outputs: readonly LogEvent[]): Mismatch[] {
  const out = new Set(outputs);
  const mismatches: Mismatch[] = [];
  test.expect.forEach((expectation, i) => {
    const event = inputs[i] as LogEvent;
    mismatches.push(...checkEvent(i, out.has(event) ? event : undefined, expectation));
  });
  if (test.count !== undefined && outputs.length !== test.count) {
    mismatches.push({ path: '(event count)', check: 'count', expected: String(test.count), actual: String(outputs.length) });
  }
  return mismatches;
}
