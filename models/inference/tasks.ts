/**
 * The inference tasks a model worker can run, and the item and result types of each: one worker (thread)
 * per model folder and task, so inference never runs on the agent's event loop.
 */
import type { SummarizeItem } from '../seq2seq-summarizer.js';
import type { ZeroShotItem } from '../zero-shot.js';

export interface TaskTypes {
  /** Sentence embeddings: text → unit vector. */
  embed: { item: string; result: Float32Array };
  /** NLI zero-shot classification: text and labels → entailment probability per label. */
  'zero-shot': { item: ZeroShotItem; result: number[] };
  /** Abstractive summary: text → summary. */
  summarize: { item: SummarizeItem; result: string };
}

export type TaskName = keyof TaskTypes;

export interface TaskRequest {
  id: number;
  items: unknown[];
}

export type TaskResponse = { id: number; results: unknown[] } | { id: number; error: string };

/** Asks the worker to finish the call it is running, release its model and exit. */
export interface CloseRequest {
  close: true;
}
