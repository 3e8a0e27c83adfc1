/**
 * The guard's judgement, a pure function of the two models' tallies: once both have given `min_events`
 * results, the candidate is rolled back when its error rate exceeds the current model's by more than the
 * band, or when its flagged rate differs from the current model's by more than absolute + relative × the
 * current rate (both ways: a model that flags nothing is as wrong as one that flags everything).
 */
import type { GuardSettings } from './config.js';

/** What the guard reads of one model. */
export interface Tally {
  /** Results given. */
  readonly events: number;
  readonly errors: number;
  /** Results flagged; undefined where flagging means nothing for the processor. */
  readonly flagged: number | undefined;
}

export type GuardReason = 'error_rate' | 'flagged_rate';

export interface GuardVerdict {
  readonly reason: GuardReason;
  /** The figures behind it, for the log line. */
  readonly figures: Record<string, number>;
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;

export function errorRate(t: Tally): number | undefined {
  const attempts = t.events + t.errors;
  return attempts === 0 ? undefined : t.errors / attempts;
}

export function flaggedRate(t: Tally): number | undefined {
  return t.flagged === undefined || t.events === 0 ? undefined : t.flagged / t.events;
}

/** The reason to roll the candidate back, or undefined while it stays within its bands (or too few results came yet). */
export function judge(current: Tally, candidate: Tally, settings: GuardSettings): GuardVerdict | undefined {
  if (!settings.enabled) return undefined;
  const enough = (t: Tally) => t.events + t.errors >= settings.min_events;
  if (!enough(current) || !enough(candidate)) return undefined;
  const currentErrors = errorRate(current) as number;
  const candidateErrors = errorRate(candidate) as number;
  if (candidateErrors > currentErrors + settings.error_rate_band) {
    return {
      reason: 'error_rate',
      figures: { candidate_error_rate: round(candidateErrors), current_error_rate: round(currentErrors), band: settings.error_rate_band, candidate_events: candidate.events, candidate_errors: candidate.errors, current_events: current.events, current_errors: current.errors },
    };
  }
  const currentFlagged = flaggedRate(current);
  const candidateFlagged = flaggedRate(candidate);
  if (currentFlagged === undefined || candidateFlagged === undefined || current.events < settings.min_events || candidate.events < settings.min_events) return undefined;
  const { absolute, relative } = settings.flagged_rate_band;
  const allowed = absolute + relative * currentFlagged;
  if (Math.abs(candidateFlagged - currentFlagged) > allowed) {
    return {
      reason: 'flagged_rate',
      figures: { candidate_flagged_rate: round(candidateFlagged), current_flagged_rate: round(currentFlagged), allowed_difference: round(allowed), candidate_events: candidate.events, current_events: current.events },
    };
  }
  return undefined;
}
