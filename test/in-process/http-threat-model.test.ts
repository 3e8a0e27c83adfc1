/**
 * http_threat with its payload model, built as the agent builds it: trained when the processor is created
 * from the small examples file in the processor's testdata, then scoring events of obvious attacks and
 * ordinary requests that none of the file's rows are.
 */
import path from 'node:path';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { ComponentContext } from '../../agent/component.js';
import type { LogEvent } from '../../agent/event.js';
import { DETECTORS } from '../../processors/http_threat/detectors.js';
import { httpThreatProcessor } from '../../processors/http_threat/index.js';
import { MemoryDeadLetters } from '../helpers/dead-letters.js';

const testdata = path.resolve(import.meta.dirname, '../../processors/http_threat/testdata');
const BROWSER = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/124.0';

async function build(overrides: Record<string, unknown> = {}) {
  const lines: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
  const context: ComponentContext = { id: 'threat', location: 'processors[0]', logger, stateDir: testdata, configDir: testdata, deadLetters: new MemoryDeadLetters(), metrics: new Registry() };
  const { type: _type, ...fromFile } = parse(await readFile(path.join(testdata, 'model-config.yaml'), 'utf8')) as Record<string, unknown>;
  const raw = { ...fromFile, ...overrides };
  return { processor: await httpThreatProcessor.create(httpThreatProcessor.config.parse(raw), context), lines };
}

const event = (url: string, userAgent = BROWSER): LogEvent => ({ '@timestamp': '2026-12-05T10:00:00.000Z', message: url, url: { original: url }, user_agent: { original: userAgent } });

describe('http_threat with the payload model', () => {
  it('trains at start, logs the counts and the time, and reports its detections with class, field and fragment', async () => {
    const { processor, lines } = await build({ disabled: [] });
    const trained = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.training_ms !== undefined);
    expect(trained).toMatchObject({ attacks: 17, benign: 16, skipped: 1, classes: ['lfi', 'scanner', 'sqli', 'xss'] });
    const events = [event('/search?q=<script>alert(document.domain)</script>'), event('/files?name=../../../../etc/passwd'), event('/products/777?ref=mail'), event('/search?q=blue+jeans&page=4')];
    await processor.process(events);
    const reasonOf = (e: LogEvent) => ((e.threat as { reasons?: { detector: string }[] } | undefined)?.reasons ?? []).find((r) => r.detector === 'payload-model');
    expect(reasonOf(events[0] as LogEvent)).toMatchObject({ class: 'xss', field: 'url', fragment: expect.stringMatching(/script|alert/) });
    expect(reasonOf(events[1] as LogEvent)).toMatchObject({ class: 'lfi', field: 'url' });
    expect(events[2]?.threat).toBeUndefined();
    expect(events[3]?.threat).toBeUndefined();
  });

  it('alerts on the model alone when every rule is switched off', async () => {
    const { processor: rulesOff } = await build({ disabled: DETECTORS.map((d) => d.id) });
    const [attack, plain] = await rulesOff.process([event("/item?id=7' or 1=1--"), event('/account/orders?page=2')]);
    expect(attack?.event).toMatchObject({ kind: 'alert' });
    expect(attack?.rule).toMatchObject({ name: 'payload-model', category: 'sqli' });
    expect(plain?.threat).toBeUndefined();
  });

  it('refuses to start with a bad examples file, naming the file and the line', async () => {
    await expect(build({ model: { examples_file: 'invalid.yaml' } })).rejects.toThrow(`${path.join(testdata, 'invalid.yaml')} line 1: not JSON`);
    expect(httpThreatProcessor.check?.(httpThreatProcessor.config.parse({ model: { examples_file: 'nope.jsonl' } }), { configDir: testdata })).toEqual([
      { path: ['model', 'examples_file'], message: `examples file ${path.join(testdata, 'nope.jsonl')} not found` },
    ]);
  });
});
