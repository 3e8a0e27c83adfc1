/**
 * Precision, recall and F1 of extracted entities against labels, per kind and micro-averaged: an entity is a
 * (ticket, kind, value) triple, so a value found twice in one ticket counts once.
 */

export type EntityMap = Readonly<Record<string, readonly string[]>>;

export interface KindScore {
  readonly kind: string;
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);

function score(kind: string, tp: number, fp: number, fn: number): KindScore {
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, tp + fn);
  return { kind, tp, fp, fn, precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
}

/** Scores per kind (those in `kinds`, then any other found in gold or predictions) and the micro average ("all"). */
export function entityScores(kinds: readonly string[], gold: readonly EntityMap[], predicted: readonly EntityMap[]): KindScore[] {
  if (gold.length !== predicted.length) throw new Error(`gold has ${gold.length} tickets, predictions ${predicted.length}`);
  const seen = new Set(kinds);
  for (const map of [...gold, ...predicted]) for (const kind of Object.keys(map)) seen.add(kind);
  const scores = [...seen].map((kind) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    gold.forEach((g, i) => {
      const want = new Set(g[kind] ?? []);
      const got = new Set((predicted[i] as EntityMap)[kind] ?? []);
      for (const value of got) if (want.has(value)) tp++;
      else fp++;
      for (const value of want) if (!got.has(value)) fn++;
    });
    return score(kind, tp, fp, fn);
  });
  const sum = (key: 'tp' | 'fp' | 'fn') => scores.reduce((n, s) => n + s[key], 0);
  return [...scores, score('all', sum('tp'), sum('fp'), sum('fn'))];
}

/** The misses and false finds, for reading what went wrong: "TK-003 amount: -58.00 GBP +58.00 EUR". */
export function entityErrors(ids: readonly string[], gold: readonly EntityMap[], predicted: readonly EntityMap[]): string[] {
  const lines: string[] = [];
  ids.forEach((id, i) => {
    const g = gold[i] as EntityMap;
    const p = predicted[i] as EntityMap;
    for (const kind of new Set([...Object.keys(g), ...Object.keys(p)])) {
      const want = new Set(g[kind] ?? []);
      const got = new Set(p[kind] ?? []);
      const missed = [...want].filter((v) => !got.has(v)).map((v) => `-${v}`);
      const extra = [...got].filter((v) => !want.has(v)).map((v) => `+${v}`);
      if (missed.length + extra.length > 0) lines.push(`${id} ${kind}: ${[...missed, ...extra].join(' ')}`);
    }
  });
  return lines;
}
