/**
 * The output may not change when the scoring is made faster: 300 lines of the threat corpus's train part
 * (every k-th log-visible request: attacks of each class, CRS no-fire tests, shop traffic), written as nginx
 * lines, with the events parse_access_log + http_threat (rules + a payload model trained from
 * model-examples.jsonl, as model-config.yaml sets it) made of them before the hot path was reworked
 * (bench/threat-speed/verdicts.ts wrote them, and compares the whole corpus the same way).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../agent/kit.js';
import { parseAccessLogConfig } from '../parse_access_log/config.js';
import { ParseAccessLog } from '../parse_access_log/parse-access-log.js';
import { httpThreatConfig } from './config.js';
import { HttpThreat } from './http-threat.js';
import { loadPayloadModel } from './model/load.js';

const testdata = path.join(import.meta.dirname, 'testdata');

describe('http_threat output on a fixed sample of the threat corpus', () => {
  it('gives every line the same threat.score, reasons, rule and parsed fields as before', async () => {
    const expected = (await readFile(path.join(testdata, 'verdicts.jsonl'), 'utf8'))
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as LogEvent);
    const config = httpThreatConfig.parse({ model: { examples_file: 'model-examples.jsonl', threshold: 0.6, c: 10 } });
    const model = await loadPayloadModel({ ...config, model: config.model as NonNullable<typeof config.model> }, testdata);
    const events: LogEvent[] = expected.map((event) => ({ '@timestamp': '2026-12-05T10:00:00.000Z', message: event.message }));
    // In batches, as the pipeline hands them over, so the remembered User-Agents and times are used too.
    const parser = new ParseAccessLog(parseAccessLogConfig.parse({}));
    const scorer = new HttpThreat(config, model);
    for (let i = 0; i < events.length; i += 64) scorer.process(parser.process(events.slice(i, i + 64)));
    expect(expected.filter((e) => e.threat !== undefined).length).toBeGreaterThan(50);
    expect(expected.filter((e) => JSON.stringify(e.threat ?? null).includes('payload-model')).length).toBeGreaterThan(10);
    for (let i = 0; i < events.length; i++) expect(events[i], expected[i]?.message).toEqual(expected[i]);
  });
});
