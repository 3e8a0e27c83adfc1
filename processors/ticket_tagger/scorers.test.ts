import { describe, expect, it } from 'vitest';
import { centersEmbeddings } from './config.js';
import { descriptionTopics, embeddingScorer } from './scorers.js';

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
  { description: 'billing description', examples: ['billing example'] },
  { description: 'fraud description', examples: ['fraud example'] },
  { description: 'login description', examples: [] },
];

// The method written out plainly: every text to unit length; the centre is the mean of the label texts;
// a prototype is the unit mean of its texts' unit (text - centre); a score is the cosine of the unit
// (ticket - centre) with the prototype.
const unit = (v: number[]) => v.map((x) => x / Math.hypot(...v));
const minus = (a: number[], b: number[]) => a.map((x, i) => x - (b[i] ?? 0));
const meanOf = (vs: number[][]) => (vs[0] ?? []).map((_, i) => vs.reduce((sum, v) => sum + (v[i] ?? 0), 0) / vs.length);
const dot = (a: number[], b: number[]) => a.reduce((sum, x, i) => sum + x * (b[i] ?? 0), 0);
const vectorOf = (text: string) => unit(table[text] ?? []);

describe('embedding scorer', () => {
  it('scores by cosine to the prototype of each label, raw or centred on the mean of the label texts', async () => {
    const texts = labels.map((l) => [l.description, ...l.examples].map(vectorOf));
    const centre = meanOf(texts.flat());
    const expectedRaw = texts.map((vs) => dot(vectorOf('ticket'), unit(meanOf(vs))));
    const expectedCentred = texts.map((vs) => dot(unit(minus(vectorOf('ticket'), centre)), unit(meanOf(vs.map((v) => unit(minus(v, centre)))))));
    const [raw] = await (await embeddingScorer(fakeEmbeddings(table), labels, { center: false, topics: false })).score(['ticket']);
    const [centred] = await (await embeddingScorer(fakeEmbeddings(table), labels, { center: true, topics: false })).score(['ticket']);
    expectedRaw.forEach((score, i) => expect(raw?.[i]).toBeCloseTo(score, 5));
    expectedCentred.forEach((score, i) => expect(centred?.[i]).toBeCloseTo(score, 5));
    // Raw similarities are all near 1 (the shared component); centred ones spread out.
    expect(Math.min(...(raw ?? []))).toBeGreaterThan(0.95);
    expect(Math.max(...(centred ?? [])) - Math.min(...(centred ?? []))).toBeGreaterThan(0.5);
  });

  it('embeds each topic of a description written as a list as a label text of its own', async () => {
    const listed = [{ description: 'billing description, login description', examples: ['billing example'] }, ...labels.slice(1)];
    const embedded: string[] = [];
    const service = fakeEmbeddings({ ...table, 'billing description, login description': [10, 1, 0, 0.2] });
    const recording = { run: (texts: string[]) => (embedded.push(...texts), service.run(texts)) };
    const [scores] = await (await embeddingScorer(recording, listed, { center: true, topics: true })).score(['ticket']);
    expect(embedded.slice(0, 4)).toEqual(['billing description, login description', 'billing description', 'login description', 'billing example']);
    // The first label's prototype now averages its whole description, both topics and its example.
    const texts = [['billing description, login description', 'billing description', 'login description', 'billing example'], ['fraud description', 'fraud example'], ['login description']];
    const vectors = texts.map((ts) => ts.map((t) => unit(service.table[t] ?? [])));
    const centre = meanOf(vectors.flat());
    const expected = vectors.map((vs) => dot(unit(minus(vectorOf('ticket'), centre)), unit(meanOf(vs.map((v) => unit(minus(v, centre)))))));
    expected.forEach((score, i) => expect(scores?.[i]).toBeCloseTo(score, 5));
  });

  it('splits descriptions into topics at commas and semicolons only when there are several', () => {
    expect(descriptionTopics('charges, invoices; VAT ,')).toEqual(['charges', 'invoices', 'VAT']);
    expect(descriptionTopics('money back for returned orders')).toEqual([]);
  });

  it('centres only when asked and there are examples to centre on', () => {
    const withExamples = { center: true, labels: [{ examples: ['a'] }, { examples: [] }] };
    expect(centersEmbeddings(withExamples)).toBe(true);
    expect(centersEmbeddings({ ...withExamples, center: false })).toBe(false);
    expect(centersEmbeddings({ center: true, labels: [{ examples: [] }, { examples: [] }] })).toBe(false);
    expect(centersEmbeddings({ center: true, labels: [{ examples: ['a', 'b'] }] })).toBe(false);
    expect(centersEmbeddings({ ...withExamples, zero_shot: { threshold: 0.5 } })).toBe(false);
  });
});
