/**
 * What each scorer of the same-trees comparison prints (the agent's child process, forest-walk.c and
 * scripts/python/same_trees.py): per way of scoring and batch size, the best of its repetitions.
 */
import { z } from 'zod';

const BatchTiming = z.object({
  /** Rows scored per repetition, in calls of the batch size. */
  rows: z.number().int().positive(),
  /** Process CPU time (user + sys) of the fastest repetition. */
  cpu_s: z.number().nonnegative(),
  wall_s: z.number().nonnegative(),
  /** Largest absolute difference from the agent's scores of the same rows. */
  max_diff: z.number().nonnegative(),
});
export type BatchTiming = z.infer<typeof BatchTiming>;

export const ScorerTimings = z.object({
  engine: z.string(),
  rows: z.number().int().positive(),
  /** Way of scoring → batch size → timing. */
  variants: z.record(z.string(), z.record(z.string(), BatchTiming)),
  peak_rss_kib: z.number().int().positive(),
});
export type ScorerTimings = z.infer<typeof ScorerTimings>;
