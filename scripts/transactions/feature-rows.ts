/**
 * Labelled feature vectors of generated transactions, computed by the anomaly processor's own encoder:
 * the data the scikit-learn reference and the anomaly bench compare models on.
 */
import type { LogEvent } from '../../agent/event.js';
import { FeatureEncoder } from '../../processors/anomaly/features.js';
import { generateTransactions } from './generator.js';
import { PAYMENT_FEATURES } from './payment-features.js';

export interface LabelledRows {
  features: string[];
  train: number[][];
  test: number[][];
  /** 1 for a labelled anomaly, per test row. */
  labels: number[];
}

/** `count` transactions (seeded, with the generator's anomaly rate); the first `trainShare` of them train, the rest are test rows. */
export function labelledRows(count: number, seed: number, trainShare = 0.5, anomalyRate?: number): LabelledRows {
  const { transactions, labels } = generateTransactions(count, anomalyRate === undefined ? { seed } : { seed, anomalyRate });
  const encoder = new FeatureEncoder(PAYMENT_FEATURES);
  const row = new Float64Array(encoder.width);
  const rows: number[][] = [];
  const anomalous: number[] = [];
  for (const tx of transactions) {
    const problem = encoder.encode(tx as unknown as LogEvent, row, 0);
    if (problem !== undefined) throw new Error(`transaction ${tx.transaction.id}: ${problem}`);
    rows.push(Array.from(row, (v) => Number(v.toPrecision(7))));
    anomalous.push(labels.has(tx.transaction.id) ? 1 : 0);
  }
  const split = Math.floor(rows.length * trainShare);
  return { features: encoder.names, train: rows.slice(0, split), test: rows.slice(split), labels: anomalous.slice(split) };
}
