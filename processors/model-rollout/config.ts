/**
 * The roll-out settings every model-backed processor has beside its `model`: a candidate model as a canary
 * (a share of the events, chosen by a key) or a shadow (every event, result written beside), and the guard
 * that rolls a candidate back when its error or flagged rate leaves a band around the current model's.
 * Each processor spreads these fields into its own strict schema with its own model schema.
 */
import { z } from 'zod';
import { durationSchema } from '../../agent/kit.js';

export const guardSchema = z
  .strictObject({
    enabled: z.boolean().default(true).meta({ description: 'Roll the candidate back by itself when a rate leaves its band.' }),
    min_events: z
      .number()
      .int()
      .min(1)
      .default(500)
      .meta({ description: 'Results each model must have given (since the processor was built, or within `window`) before the guard judges.' }),
    window: durationSchema
      .optional()
      .meta({
        description:
          'Judge only the results of this last stretch (e.g. 30m), so a candidate that goes wrong after a long good run is caught; unset: every result since the processor was built. Each model needs min_events within it.',
      }),
    error_rate_band: z
      .number()
      .min(0)
      .max(1)
      .default(0.02)
      .meta({ description: "The candidate's error rate may exceed the current model's by at most this (0.02: two percentage points)." }),
    flagged_rate_band: z
      .strictObject({
        absolute: z.number().min(0).max(1).default(0.02).meta({ description: 'Allowed difference, as a share of events.' }),
        relative: z.number().min(0).default(0.5).meta({ description: "Further allowed difference, as a multiple of the current model's rate." }),
      })
      .prefault({})
      .meta({
        description:
          "The candidate's flagged rate (anomalies; tickets with a tag) may differ from the current model's by at most absolute + relative × the current rate, either way.",
      }),
  })
  .prefault({})
  .meta({ description: 'Automatic roll-back of a canary or shadow candidate (logged as a warning with the figures, counted in sidecar_model_rollbacks_total).' });

export type GuardSettings = z.output<typeof guardSchema>;

/** `canary`, `shadow` and `guard` for a processor whose models are described by `model`. */
export function rolloutFields<M extends z.ZodType>(model: M) {
  return {
    canary: z
      .strictObject({
        model: model.meta({ description: 'The candidate model, of the same kind as the current one.' }),
        share: z.number().gt(0).lte(1).default(0.1).meta({ description: 'Share of key values whose events the candidate serves.' }),
        key: z
          .string()
          .min(1)
          .meta({ description: 'Field whose value picks the model (a card, a customer): the same value always gets the same model. Events without it get the current model.' }),
      })
      .optional()
      .meta({ description: 'Serve a share of the events with a candidate model; both are compared in metrics and watched by the guard.' }),
    shadow: z
      .strictObject({ model: model.meta({ description: 'The candidate model, of the same kind as the current one.' }) })
      .optional()
      .meta({ description: "Also run a candidate model on every event and write its result beside the current model's (ticket.tagger.shadow.*, ticket.summarizer.shadow.*, anomaly.shadow.*)." }),
    guard: guardSchema,
  };
}

/** For a schema's refine: a processor rolls out one candidate at a time. */
export function oneCandidate(config: { canary?: unknown; shadow?: unknown }): boolean {
  return config.canary === undefined || config.shadow === undefined;
}

export const ONE_CANDIDATE_MESSAGE = { message: 'expected canary or shadow, not both: one candidate model at a time', path: ['shadow'] };

/** The candidate as the rollout reads it, whichever key it came from. */
export interface CandidateSettings<M> {
  readonly model: M;
  readonly mode: 'canary' | 'shadow';
  readonly share: number;
  readonly key: string | undefined;
}

export function candidateOf<M>(config: { canary?: { model: M; share: number; key: string } | undefined; shadow?: { model: M } | undefined }): CandidateSettings<M> | undefined {
  if (config.canary) return { model: config.canary.model, mode: 'canary', share: config.canary.share, key: config.canary.key };
  if (config.shadow) return { model: config.shadow.model, mode: 'shadow', share: 1, key: undefined };
  return undefined;
}
