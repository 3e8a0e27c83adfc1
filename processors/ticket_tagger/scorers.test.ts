import { describe, expect, it } from 'vitest';
import { centersEmbeddings, scoringMethod, taggingRule } from './config.js';
import { descriptionTopics, embedLabelTexts, labelTexts } from './label-texts.js';
import { linearHeadScorer, prototypeScorer } from './scorers.js';

/** Texts embedded as fixed unit vectors: a large shared component plus what tells the texts apart. */
function fakeEmbeddings(table: Record<string, number[]>) {
  return {
    table,
    run: (texts: string[]) =>
      Promise.resolve(
        texts.map((text) => {
          const raw = table[text];
          if (raw === undefined) throw new Error(`no vector for ${text}`);
          const norm = Math.hypot(...raw);
          return Float32Array.from(raw, (x) => x / norm);
        }),
      ),
  };
}

const table: Record<string, number[]> = {
  'billing description': [10, 1, 0, 0],
  'billing example': [10, 1.2, 0.1, 0],
  'fraud description': [12, 0, 1, 0.5],
  'fraud example': [12, 0.1, 1.1, 0.5],
  'login description': [9, 0, 0, 1],
  ticket: [13, 0.5, 0.2, 0.6],
};
const labels = [
  { name: 'billing', description: 'billing description', examples: ['billing example'] },
  { name: 'fraud', description: 'fraud description', examples: ['fraud example'] },
  { name: 'login', description: 'login description', examples: [] },
];

type Service = ReturnType<typeof fakeEmbeddings> | { run: (texts: string[]) => Promise<Float32Array[]> };
/** The prototype scorer as the processor builds it (embedding-scorer.ts), on fake embeddings. */
async function prototypes(service: Service, of: typeof labels, { center, topics }: { center: boolean; topics: boolean }) {
  return prototypeScorer(service, await embedLabelTexts((texts) => service.run(texts), labelTexts(of, [], { topics })), { center });
}

// The method written out plainly: every text to unit length; the centre is the mean of the label texts;
// a prototype is the unit mean of its texts' unit (text - centre); a score is the cosine of the unit
// (ticket - centre) with the prototype.
const unit = (v: number[]) => v.map((x) => x / Math.hypot(...v));
const minus = (a: number[], b: number[]) => a.map((x, i) => x - (b[i] ?? 0));
const meanOf = (vs: number[][]) => (vs[0] ?? []).map((_, i) => vs.reduce((sum, v) => sum + (v[i] ?? 0), 0) / vs.length);
const dot = (a: number[], b: number[]) => a.reduce((sum, x, i) => sum + x * (b[i] ?? 0), 0);
const vectorOf = (text: string) => unit(table[text] ?? []);

/** A configured label: only its examples matter to these rules. */
const label = (name: string, examples: string[]) => ({ name, description: `${name} description`, examples });

describe('embedding scorer', () => {
  it('scores by cosine to the prototype of each label, raw or centred on the mean of the label texts', async () => {
    const texts = labels.map((l) => [l.description, ...l.examples].map(vectorOf));
    const centre = meanOf(texts.flat());
    const expectedRaw = texts.map((vs) => dot(vectorOf('ticket'), unit(meanOf(vs))));
    const expectedCentred = texts.map((vs) => dot(unit(minus(vectorOf('ticket'), centre)), unit(meanOf(vs.map((v) => unit(minus(v, centre)))))));
    const [raw] = await (await prototypes(fakeEmbeddings(table), labels, { center: false, topics: false })).score(['ticket']);
    const [centred] = await (await prototypes(fakeEmbeddings(table), labels, { center: true, topics: false })).score(['ticket']);
    expectedRaw.forEach((score, i) => expect(raw?.[i]).toBeCloseTo(score, 5));
    expectedCentred.forEach((score, i) => expect(centred?.[i]).toBeCloseTo(score, 5));
    // Raw similarities are all near 1 (the shared component); centred ones spread out.
    expect(Math.min(...(raw ?? []))).toBeGreaterThan(0.95);
    expect(Math.max(...(centred ?? [])) - Math.min(...(centred ?? []))).toBeGreaterThan(0.5);
  });

  it('embeds each topic of a description written as a list as a label text of its own', async () => {
    const listed = [{ name: 'billing', description: 'billing description, login description', examples: ['billing example'] }, ...labels.slice(1)];
    const embedded: string[] = [];
    const service = fakeEmbeddings({ ...table, 'billing description, login description': [10, 1, 0, 0.2] });
    const recording = { run: (texts: string[]) => (embedded.push(...texts), service.run(texts)) };
    const [scores] = await (await prototypes(recording, listed, { center: true, topics: true })).score(['ticket']);
    expect(embedded.slice(0, 4)).toEqual(['billing description, login description', 'billing description', 'login description', 'billing example']);
    // The first label's prototype now averages its whole description, both topics and its example. Its
    // topic "login description" is also the login label's description: one text of both labels, embedded
    // once and counted once in the centre.
    expect(embedded.filter((t) => t === 'login description')).toHaveLength(1);
    const texts = [['billing description, login description', 'billing description', 'login description', 'billing example'], ['fraud description', 'fraud example'], ['login description']];
    const vectors = texts.map((ts) => ts.map((t) => unit(service.table[t] ?? [])));
    const centre = meanOf([...new Set(texts.flat())].map((t) => unit(service.table[t] ?? [])));
    const expected = vectors.map((vs) => dot(unit(minus(vectorOf('ticket'), centre)), unit(meanOf(vs.map((v) => unit(minus(v, centre)))))));
    expected.forEach((score, i) => expect(scores?.[i]).toBeCloseTo(score, 5));
  });

  it('splits descriptions into topics at commas and semicolons only when there are several', () => {
    expect(descriptionTopics('charges, invoices; VAT ,')).toEqual(['charges', 'invoices', 'VAT']);
    expect(descriptionTopics('money back for returned orders')).toEqual([]);
  });

  it('scores with the linear head when there is an examples file, with prototypes otherwise, unless told', () => {
    const described = [label('a', []), label('b', [])];
    const written = [label('a', ['a']), label('b', [])];
    expect(scoringMethod({ examples_file: { path: 'tickets.csv' } })).toBe('linear');
    expect(scoringMethod({})).toBe('prototype');
    expect(scoringMethod({ method: 'linear' })).toBe('linear');
    expect(scoringMethod({ method: 'prototype', examples_file: { path: 'tickets.csv' } })).toBe('prototype');
    // Each method has its own default rule; zero-shot keeps its threshold and the raw margin.
    expect(taggingRule({ center: true, labels: written, examples_file: { path: 'tickets.csv' } })).toEqual({ threshold: 0.4, margin: 0.3 });
    expect(taggingRule({ center: true, labels: written, method: 'linear' })).toEqual({ threshold: 0.4, margin: 0.3 });
    expect(taggingRule({ center: true, labels: written })).toEqual({ threshold: 0.14, margin: 0.3 });
    expect(taggingRule({ center: true, labels: described })).toEqual({ threshold: 0.28, margin: 0.15 });
    expect(taggingRule({ center: true, labels: described, zero_shot: { threshold: 0.6 } })).toEqual({ threshold: 0.6, margin: 0.15 });
  });

  it('centres prototypes only when asked and there are examples to centre on; the linear head whenever asked', () => {
    const withExamples = { method: 'prototype' as const, center: true, labels: [label('a', ['a']), label('b', [])] };
    expect(centersEmbeddings(withExamples)).toBe(true);
    expect(centersEmbeddings({ ...withExamples, center: false })).toBe(false);
    expect(centersEmbeddings({ ...withExamples, labels: [label('a', []), label('b', [])] })).toBe(false);
    expect(centersEmbeddings({ ...withExamples, labels: [label('a', []), label('b', [])], examples_file: { path: 'tickets.csv' } })).toBe(true);
    expect(centersEmbeddings({ ...withExamples, labels: [label('a', ['a', 'b'])] })).toBe(false);
    expect(centersEmbeddings({ ...withExamples, zero_shot: { threshold: 0.5 } })).toBe(false);
    expect(centersEmbeddings({ ...withExamples, method: 'linear', labels: [label('a', []), label('b', [])] })).toBe(true);
    expect(centersEmbeddings({ ...withExamples, method: 'linear', center: false })).toBe(false);
  });

  it('linear head: a probability per label from a logistic regression on the label texts, highest for the label a ticket is closest to', async () => {
    const service = fakeEmbeddings({
      ...table,
      'billing example 2': [10, 1.1, -0.1, 0.1],
      'fraud example 2': [12, -0.1, 1.2, 0.4],
      'login example': [9, 0.1, 0.1, 1.1],
      'a billing ticket': [11, 1.3, 0.1, 0.1],
      'a login ticket': [10, 0, 0.1, 1.3],
    });
    const withMore = [
      { ...(labels[0] as (typeof labels)[number]), examples: ['billing example', 'billing example 2'] },
      { ...(labels[1] as (typeof labels)[number]), examples: ['fraud example', 'fraud example 2'] },
      { ...(labels[2] as (typeof labels)[number]), examples: ['login example'] },
    ];
    const training = await embedLabelTexts((texts) => service.run(texts), labelTexts(withMore, [], { topics: false }));
    const scorer = linearHeadScorer(service, training, { center: true, c: 3 });
    expect(scorer.labels).toEqual(['billing', 'fraud', 'login']);
    const [billing, login] = await scorer.score(['a billing ticket', 'a login ticket']);
    for (const scores of [billing, login]) for (const p of scores ?? []) expect(p > 0 && p < 1).toBe(true);
    expect(billing?.indexOf(Math.max(...(billing ?? [])))).toBe(0);
    expect(login?.indexOf(Math.max(...(login ?? [])))).toBe(2);
    expect(billing?.[0]).toBeGreaterThan(0.5);
    expect(billing?.[2]).toBeLessThan(0.5);
  });

  it('linear head: refuses a single label, and a label on every text', async () => {
    const one = await embedLabelTexts((texts) => fakeEmbeddings(table).run(texts), labelTexts(labels.slice(0, 1), [], { topics: false }));
    expect(() => linearHeadScorer(fakeEmbeddings(table), one, { center: true, c: 3 })).toThrow(/at least two labels/);
    const everywhere = await embedLabelTexts(
      (texts) => fakeEmbeddings(table).run(texts),
      labelTexts([{ name: 'billing', description: 'billing description', examples: [] }], [{ line: 2, text: 'billing description', labels: ['billing', 'fraud'] }], { topics: false }),
    );
    expect(() => linearHeadScorer(fakeEmbeddings(table), everywhere, { center: true, c: 3 })).toThrow(/label billing is on every label text/);
  });
});

describe('label texts', () => {
  it('gathers descriptions, topics, examples and file rows; a text of several labels is one text with several labels', () => {
    const texts = labelTexts(
      [
        { name: 'billing', description: 'charges, invoices', examples: ['charged twice', 'charged twice'] },
        { name: 'refund', description: 'money back', examples: ['charged twice'] },
      ],
      [
        { line: 2, text: 'where is my refund', labels: ['refund'] },
        { line: 3, text: 'card stolen and charged', labels: ['fraud', 'billing'] },
        { line: 5, text: 'charges, invoices', labels: ['account'] },
      ],
      { topics: true },
    );
    expect(texts.names).toEqual(['billing', 'refund', 'fraud', 'account']);
    expect(texts.texts).toEqual(['charges, invoices', 'charges', 'invoices', 'charged twice', 'money back', 'where is my refund', 'card stolen and charged']);
    expect(texts.labelsOf).toEqual([[0, 3], [0], [0], [0, 1], [1], [1], [2, 0]]);
    expect(labelTexts([{ name: 'billing', description: 'charges, invoices', examples: [] }], [], { topics: false }).texts).toEqual(['charges, invoices']);
  });

  it('embeds a long list a slice at a time, in order', async () => {
    const calls: number[] = [];
    const rows = Array.from({ length: 600 }, (_, i) => ({ line: i + 2, text: `ticket ${i}`, labels: [i % 2 ? 'a' : 'b'] }));
    const embedded = await embedLabelTexts(
      (texts) => (calls.push(texts.length), Promise.resolve(texts.map((t) => Float32Array.of(Number(t.split(' ')[1] ?? -1))))),
      labelTexts([], rows, { topics: false }),
    );
    expect(calls).toEqual([256, 256, 88]);
    expect(embedded.vectors.map((v) => v[0])).toEqual(rows.map((_, i) => i));
  });
});
