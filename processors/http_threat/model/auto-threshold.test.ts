import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { httpThreatConfig } from '../config.js';
import { autoThreshold } from './auto-threshold.js';
import { loadPayloadModel } from './load.js';
import { exampleTexts, type FieldTexts } from './payload-model.js';

const SETTINGS = { ngram_min: 2, ngram_max: 4, hash_bits: 14, c: 10 };
const lower = (value: string) => value.toLowerCase();

/** Attacks with "<script" or "../"; benign shop paths, a few of which look a little like them. */
const ROWS = [
  ...Array.from({ length: 30 }, (_, i) => ({ attack: true, class: 'xss', uri: `/s?q=<script>f${i}()</script>` })),
  ...Array.from({ length: 30 }, (_, i) => ({ attack: true, class: 'lfi', uri: `/d?file=${'../'.repeat(2 + (i % 4))}etc/p${i}` })),
  ...Array.from({ length: 300 }, (_, i) => ({ attack: false, class: undefined, uri: i % 50 === 0 ? `/blog/scripting-tips/${i}` : `/p/${i}?size=${i % 7}&color=${['red', 'blue', 'black'][i % 3]}` })),
];
const texts: FieldTexts[] = ROWS.map((r) => exampleTexts(r, lower));

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('threshold: auto', () => {
  it('sets the threshold just above the held-out benign scores, leaving at most the allowed share at or over it', () => {
    const loose = autoThreshold(ROWS, texts, SETTINGS, 0.02);
    const strict = autoThreshold(ROWS, texts, SETTINGS, 0.001);
    expect(loose.benign).toBe(300);
    expect(loose.flagged).toBeLessThanOrEqual(6);
    expect(strict.flagged).toBe(0);
    expect(strict.threshold).toBeGreaterThanOrEqual(loose.threshold);
    expect(loose.threshold).toBeGreaterThanOrEqual(0.5);
    expect(strict.threshold).toBeLessThan(1);
  });

  it('is what the processor trains with when the config says auto, and says so in the log', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'auto-threshold-'));
    dirs.push(dir);
    await writeFile(path.join(dir, 'examples.jsonl'), ROWS.map((r) => JSON.stringify({ label: r.attack ? 'attack' : 'benign', uri: r.uri, ...(r.class ? { class: r.class } : {}) })).join('\n'));
    const config = httpThreatConfig.parse({ model: { examples_file: 'examples.jsonl', threshold: 'auto', ...SETTINGS } });
    const lines: string[] = [];
    const model = await loadPayloadModel({ ...config, model: config.model! }, dir, { info: (_, message) => lines.push(message) });
    const expected = autoThreshold(ROWS, ROWS.map((r) => exampleTexts(r, (v) => v.toLowerCase())), SETTINGS, 0.001).threshold;
    expect(model.threshold).toBeGreaterThanOrEqual(0.5);
    expect(lines[0]).toMatch(/^http_threat payload model threshold 0\.\d{3} \(auto\): \d+ of 300 benign examples reach it when held out$/);
    // The processor's text view decodes and lower-cases as the test's does for these plain ASCII rows.
    expect(model.threshold).toBeCloseTo(expected, 6);
  });

  it('is refused for anything but a probability or auto', () => {
    expect(httpThreatConfig.safeParse({ model: { examples_file: 'x', threshold: 'high' } }).success).toBe(false);
    expect(httpThreatConfig.safeParse({ model: { examples_file: 'x', threshold: 1 } }).success).toBe(false);
    expect(httpThreatConfig.parse({ model: { examples_file: 'x' } }).model?.threshold).toBe(0.95);
  });
});
