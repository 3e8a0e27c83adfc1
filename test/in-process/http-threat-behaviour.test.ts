/**
 * http_threat with its behaviour part, as the agent builds it (online forest in its training worker, state in
 * a temporary state_dir), on generated client traffic parsed by parse_access_log: after the warm-up a
 * brute-force client is flagged as brute force with its window figures, and ordinary visitors are not.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Registry } from 'prom-client';
import { afterAll, describe, expect, it } from 'vitest';
import type { LogEvent, Processor } from '../../agent/kit.js';
import { httpThreatProcessor } from '../../processors/http_threat/index.js';
import { parseAccessLogConfig } from '../../processors/parse_access_log/config.js';
import { ParseAccessLog } from '../../processors/parse_access_log/parse-access-log.js';
import { combinedLine, generateClientTraffic, LOGIN_PATH } from '../../scripts/threat-corpus/client-traffic.js';
import { capturedLogger } from '../helpers/captured-logger.js';
import { MemoryDeadLetters } from '../helpers/dead-letters.js';

const EPOCH = Date.UTC(2026, 11, 5, 9, 0, 0);
let stateDir: string | undefined;
afterAll(async () => {
  if (stateDir) await rm(stateDir, { recursive: true, force: true });
});

interface Threat {
  score: number;
  reasons: { detector: string; class: string; fragment: string; field: string }[];
  client?: { key: string; requests: number; failed_logins: number };
}

describe('http_threat behaviour', () => {
  it('flags a brute-force client after the warm-up, with its class and window figures, and not ordinary visitors', async () => {
    const traffic = generateClientTraffic({
      seed: 3,
      durationMs: 15 * 60_000,
      visitors: 1000,
      offices: 5,
      crawlers: 3,
      abusers: { brute_force: 1, credential_stuffing: 0, scanning: 0, flood: 0, errors: 0 },
      abuseFrom: 6 * 60_000,
    });
    stateDir = await mkdtemp(path.join(os.tmpdir(), 'threat-behaviour-'));
    const metrics = new Registry();
    const config = httpThreatProcessor.config.parse({
      behaviour: { login: { routes: [{ path: `^${LOGIN_PATH}$` }], failed_status: [401, 429] }, forest: { warmup: 500, trees: 50, seed: 1 } },
    });
    const threat: Processor = await httpThreatProcessor.create(config, { id: 'threats', location: 'processors[1]', logger: capturedLogger([]), stateDir, configDir: stateDir, deadLetters: new MemoryDeadLetters(), metrics });
    const parser = new ParseAccessLog(parseAccessLogConfig.parse({}));
    const events: LogEvent[] = [];
    const lines = traffic.requests.map((r) => combinedLine(r, EPOCH));
    for (let i = 0; i < lines.length; i += 250) {
      const batch: LogEvent[] = lines.slice(i, i + 250).map((message) => ({ '@timestamp': new Date(EPOCH).toISOString(), message }));
      parser.process(batch);
      events.push(...(await threat.process(batch)));
      // As between an input's reads: the training worker's refits land.
      await new Promise((resolve) => setImmediate(resolve));
    }
    await threat.close?.();

    const kindOf = (event: LogEvent) => traffic.kinds.get((event.source as { ip: string }).ip);
    const behaviourOf = (event: LogEvent) => (event.threat as unknown as Threat | undefined)?.reasons.find((r) => r.detector === 'behaviour');
    const brute = events.filter((e) => kindOf(e) === 'brute_force');
    const flagged = brute.filter((e) => behaviourOf(e) !== undefined);
    expect(brute.length).toBeGreaterThan(100);
    expect(flagged.length / brute.length).toBeGreaterThan(0.8);
    const first = flagged[0] as LogEvent;
    expect(behaviourOf(first)).toMatchObject({ class: 'brute_force', field: 'client', fragment: expect.stringMatching(/^failed_login_share=(1|0\.\d+) logins=\d+\/60s$/) });
    expect((first.threat as unknown as Threat).client).toMatchObject({ key: (first.source as { ip: string }).ip, requests: expect.any(Number), failed_logins: expect.any(Number) });
    expect(first).toMatchObject({ event: { kind: 'alert', category: ['intrusion_detection', 'web'] }, rule: { name: 'behaviour-brute_force', category: 'brute_force' } });
    expect(new Set(flagged.map((e) => behaviourOf(e)?.class))).toEqual(new Set(['brute_force']));

    const visitors = new Set(events.filter((e) => kindOf(e) === 'visitor').map((e) => (e.source as { ip: string }).ip));
    const flaggedVisitors = new Set(events.filter((e) => kindOf(e) === 'visitor' && behaviourOf(e) !== undefined).map((e) => (e.source as { ip: string }).ip));
    expect(flaggedVisitors.size / visitors.size, `${flaggedVisitors.size} of ${visitors.size} visitors`).toBeLessThan(0.05);

    const outcomes = (await metrics.getSingleMetric('sidecar_threat_behaviour_windows_total')?.get())?.values ?? [];
    const learning = outcomes.find((v) => v.labels.outcome === 'learning')?.value;
    expect(learning).toBe(500);
  });
});
