import { describe, expect, it } from 'vitest';
import { exampleTexts, featureRows, modelVerdict, trainPayloadModel, type FieldTexts } from './payload-model.js';
import { MODEL_FIELDS } from './ngrams.js';

const SETTINGS = { ngram_min: 2, ngram_max: 4, hash_bits: 14, c: 10, threshold: 0.5 };
const lower = (value: string) => value.toLowerCase();

/** A toy set any n-gram model separates: attacks carry "<script" or "../", benign rows are plain paths. */
const ROWS: ReadonlyArray<{ attack: boolean; class: string | undefined; uri: string }> = [
  ...['<script>a()</script>', 'x<script src=y>', '<SCRIPT>b</SCRIPT>', 'q=<script>c', 'z=1<script>'].map((p) => ({ attack: true, class: 'xss', uri: `/s?${p}` })),
  ...['../../etc/passwd', '../../../a', 'f=../b/../../c', '../../x.ini', 'p=../../../../y'].map((p) => ({ attack: true, class: 'lfi', uri: `/d?${p}` })),
  ...['shoes', 'red+shirt', 'page=2', 'sort=price', 'id=42', 'q=hat', 'cart', 'help', 'size=m', 'color=blue'].map((p) => ({ attack: false, class: undefined, uri: `/p?${p}` })),
];
const texts: FieldTexts[] = ROWS.map((r) => exampleTexts(r, lower));
const margin = (model: ReturnType<typeof trainPayloadModel>['model'], t: FieldTexts) => model.requestMargin(t);
const summed = (model: ReturnType<typeof trainPayloadModel>['model'], t: FieldTexts) => MODEL_FIELDS.reduce((sum, f) => sum + (t[f] === undefined ? 0 : model.fieldMargin(f, t[f])), 0);

describe('payload model training', () => {
  it('learns a separable toy set and scores unseen rows of the same kinds', () => {
    const { model, figures } = trainPayloadModel(ROWS, texts, SETTINGS);
    expect(figures).toMatchObject({ attacks: 10, benign: 10, classes: ['lfi', 'xss'] });
    ROWS.forEach((row, i) => expect(model.probability(margin(model, texts[i] as FieldTexts)) > 0.5, row.uri).toBe(row.attack));
    const fresh = (uri: string) => model.probability(margin(model, exampleTexts({ uri }, lower)));
    expect(fresh('/n?<script>d()</script>')).toBeGreaterThan(0.5);
    expect(fresh('/n?v=../../../../etc/hosts')).toBeGreaterThan(0.5);
    expect(fresh('/n?q=boots')).toBeLessThan(0.5);
  });

  it('gives the same weights for the same examples every time', () => {
    const a = trainPayloadModel(ROWS, texts, SETTINGS).model;
    const b = trainPayloadModel([...ROWS], ROWS.map((r) => exampleTexts(r, lower)), SETTINGS).model;
    for (const t of texts) expect(margin(b, t)).toBe(margin(a, t));
  });

  it('explains a detection: the class, the field and the window that weighs most', () => {
    const { model } = trainPayloadModel(ROWS, texts, SETTINGS);
    const t = exampleTexts({ uri: '/n?q=<script>e()</script>', user_agent: 'Mozilla/5.0' }, lower);
    const verdict = modelVerdict(model, margin(model, t), t);
    expect(verdict?.reason).toMatchObject({ detector: 'payload-model', class: 'xss', field: 'url' });
    expect(verdict?.reason.fragment).toMatch(/script/);
    expect(verdict?.weight).toBeGreaterThanOrEqual(0.5);
    expect(modelVerdict(model, margin(model, exampleTexts({ uri: '/p?q=boots' }, lower)), {})).toBeUndefined();
    expect(modelVerdict(model, margin(model, exampleTexts({ uri: '/d?../../../etc/passwd' }, lower)), exampleTexts({ uri: '/d?../../../etc/passwd' }, lower))?.reason.class).toBe('lfi');
  });

  it("takes a request's largest field share: a browser's User-Agent, learned as benign, does not hide a payload in the URL", () => {
    // As in real examples: attacks sent by a test tool, ordinary requests by browsers.
    const rows = ROWS.map((r) => ({ ...r, user_agent: r.attack ? 'owasp crs test agent' : 'mozilla/5.0 (x11; linux x86_64) firefox/133.0' }));
    const { model } = trainPayloadModel(rows, rows.map((r) => exampleTexts(r, lower)), SETTINGS);
    const t = exampleTexts({ uri: '/n?q=<script>f()</script>', user_agent: 'mozilla/5.0 (x11; linux x86_64) firefox/133.0' }, lower);
    expect(model.fieldMargin('user_agent', t.user_agent as string)).toBeLessThan(0);
    expect(model.probability(summed(model, t))).toBeLessThan(0.5);
    expect(model.requestProbability(t)).toBeGreaterThan(0.5);
    expect(model.requestProbability(exampleTexts({ uri: '/p?q=boots', user_agent: 'mozilla/5.0 (x11; linux x86_64) firefox/133.0' }, lower))).toBeLessThan(0.5);
  });

  it('weighs a detection 0.5 at the threshold, up to 0.95 at probability 1, nothing below', () => {
    const { model } = trainPayloadModel(ROWS, texts, { ...SETTINGS, threshold: 0.8 });
    expect(model.weight(0.79)).toBe(0);
    expect(model.weight(0.8)).toBeCloseTo(0.5);
    expect(model.weight(1)).toBeCloseTo(0.95);
  });

  it('sums repeated n-grams of a row into one entry, slots in ascending order', () => {
    const rows = featureRows([{ url: 'aaaaaa' }], { min: 2, max: 2, bits: 10 });
    // "^a", "aa" (5 times), "a$": three slots (unless two collide).
    expect(rows.indexes.length).toBeLessThanOrEqual(3);
    expect([...rows.indexes]).toEqual([...rows.indexes].sort((a, b) => a - b));
    expect([...rows.values].reduce((a, b) => a + b, 0)).toBeCloseTo(7 / Math.sqrt(7), 5);
  });
});
