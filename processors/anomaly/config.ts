import { z } from 'zod';
import { durationSchema } from '../../agent/kit.js';
import { ONE_CANDIDATE_MESSAGE, oneCandidate, rolloutFields } from '../model-rollout/config.js';
import { isTimeZone } from './zone-clock.js';

const missing = z
  .enum(['tag', 'default'])
  .default('tag')
  .meta({ description: 'A missing or unusable value: tag the event (anomaly_feature_error) and do not score it, or use `default`.' });

const numericFeature = z.strictObject({
  type: z.literal('numeric'),
  field: z.string().min(1),
  transform: z.enum(['none', 'log']).default('none').meta({ description: 'log: ln(1 + x) for x ≥ 0 (amounts, counts).' }),
  clip: z.strictObject({ min: z.number().optional(), max: z.number().optional() }).optional(),
  missing,
  default: z.number().default(0),
});

const categoricalFeature = z.strictObject({
  type: z.literal('categorical'),
  field: z.string().min(1),
  encoding: z
    .enum(['frequency', 'hash'])
    .default('frequency')
    .meta({ description: 'frequency: share of earlier events with this value (rare → near 0), learned online; hash: a fixed number in [0, 1) per value.' }),
  per: z
    .string()
    .min(1)
    .optional()
    .meta({ description: 'With frequency: count within each value of this field (e.g. the country among one card’s earlier payments).' }),
  missing,
  default: z.number().default(0),
});

const timeFeature = z.strictObject({
  type: z.enum(['hour_of_day', 'day_of_week']),
  field: z.string().min(1).default('@timestamp'),
  timezone: z
    .string()
    .refine(isTimeZone, { message: 'expected an IANA time zone such as Europe/Berlin or America/New_York' })
    .optional()
    .meta({ description: 'Time zone of the hour and the day (IANA name, e.g. Europe/Berlin); UTC when not set.' }),
  missing,
  default: z.number().default(0),
});

const rateFeature = z.strictObject({
  type: z.literal('rate'),
  key: z.string().min(1).meta({ description: 'Events are counted per value of this field (e.g. transaction.card.id).' }),
  window: durationSchema.prefault('10m').meta({ description: 'Counted over this much event time (@timestamp) before the event.' }),
  missing,
  default: z.number().default(0),
});

export const featureSchema = z.discriminatedUnion('type', [numericFeature, categoricalFeature, timeFeature, rateFeature]);
export type FeatureConfig = z.output<typeof featureSchema>;

const onnxModelSchema = z.strictObject({
  format: z.literal('onnx'),
  path: z.string().min(1).meta({ description: 'An IsolationForest exported from scikit-learn with skl2onnx (relative to the config file).' }),
});

const onlineModelSchema = z.strictObject({
  format: z.literal('online'),
  trees: z.number().int().min(1).optional(),
  sample_size: z.number().int().min(2).optional(),
  seed: z.number().int().optional(),
});

const anomalyModelSchema = z.discriminatedUnion('format', [onlineModelSchema, onnxModelSchema]);

/** The share of events expected to be anomalies when neither `contamination` nor `severity` is set. */
const DEFAULT_CONTAMINATION = 0.01;
/** Severity cut-offs used when `severity` is given without them, and by a restored model whose cut-offs were learned with another contamination until its next fit. */
export const FIXED_SEVERITY = { medium: 0.6, high: 0.7, critical: 0.8 } as const;

export const anomalyConfig = z
  .strictObject({
    features: z.array(featureSchema).min(1).meta({ description: 'The feature vector, in this order (also the input order of an ONNX model).' }),
    model: anomalyModelSchema
      .default({ format: 'online' })
      .meta({ description: 'online: an isolation forest trained in the agent; onnx: a model exported from scikit-learn.' }),
    ...rolloutFields(anomalyModelSchema),
    warmup: z
      .number()
      .int()
      .min(2)
      .default(2000)
      .meta({ description: 'Events collected before the first online model, or whose scores first calibrate an ONNX model’s severity cut-offs; they are marked anomaly.status: learning.' }),
    refit_every: z.number().int().min(1).default(5000).meta({ description: 'Retrain the online model (recalibrate an ONNX model’s cut-offs) after this many more events.' }),
    refit_interval: durationSchema.optional().meta({ description: 'Also retrain after this long, if any events came.' }),
    window: z.number().int().min(2).default(10000).meta({ description: 'Training (and an ONNX model’s calibration) uses the most recent this many events; saved in state_dir.' }),
    trees: z.number().int().min(1).default(100),
    sample_size: z.number().int().min(2).default(256).meta({ description: 'ψ: events per tree.' }),
    seed: z.number().int().default(42),
    threshold: z.number().gt(0).lte(1).optional().meta({ description: 'anomaly.is_anomaly when the score reaches this (default: the medium cut-off).' }),
    contamination: z
      .number()
      .gt(0)
      .lt(0.5)
      .optional()
      .meta({
        description: `The share of events expected to be anomalies (default ${DEFAULT_CONTAMINATION} unless severity is set): about this share of ordinary events score medium and up, half of it high, a quarter critical, however many real anomalies the stream holds (quantiles of the scores less those far beyond the bulk); learned from the training window at each fit (online model), or from the scores of the last \`window\` events after \`warmup\` events and every \`refit_every\` (ONNX model).`,
      }),
    severity: z
      .strictObject({ medium: z.number().default(FIXED_SEVERITY.medium), high: z.number().default(FIXED_SEVERITY.high), critical: z.number().default(FIXED_SEVERITY.critical) })
      .optional()
      .meta({ description: 'Fixed score cut-offs of the severities (below medium: low) instead of learned ones; `severity: {}` gives 0.6, 0.7 and 0.8.' }),
    explain: z.number().int().min(0).default(3).meta({ description: 'Features listed in anomaly.explanation (0: none).' }),
  })
  .refine(oneCandidate, ONE_CANDIDATE_MESSAGE)
  .refine((config) => config.contamination === undefined || config.severity === undefined, {
    path: ['contamination'],
    message: 'contamination learns the severity cut-offs and severity fixes them: set one or the other',
  });

export type AnomalyConfig = z.output<typeof anomalyConfig>;

/** The contamination the severity cut-offs are learned with; undefined when `severity` fixes them. */
export function learnedContamination(config: AnomalyConfig): number | undefined {
  return config.severity === undefined ? (config.contamination ?? DEFAULT_CONTAMINATION) : undefined;
}
