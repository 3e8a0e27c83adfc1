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

export const anomalyConfig = z.strictObject({
  features: z.array(featureSchema).min(1).meta({ description: 'The feature vector, in this order (also the input order of an ONNX model).' }),
  model: anomalyModelSchema
    .default({ format: 'online' })
    .meta({ description: 'online: an isolation forest trained in the agent; onnx: a model exported from scikit-learn.' }),
  ...rolloutFields(anomalyModelSchema),
  warmup: z.number().int().min(2).default(2000).meta({ description: 'Events collected before the first online model; they are marked anomaly.status: learning.' }),
  refit_every: z.number().int().min(1).default(5000).meta({ description: 'Retrain the online model after this many more events.' }),
  refit_interval: durationSchema.optional().meta({ description: 'Also retrain after this long, if any events came.' }),
  window: z.number().int().min(2).default(10000).meta({ description: 'Training uses the most recent this many events.' }),
  trees: z.number().int().min(1).default(100),
  sample_size: z.number().int().min(2).default(256).meta({ description: 'ψ: events per tree.' }),
  seed: z.number().int().default(42),
  threshold: z.number().gt(0).lte(1).optional().meta({ description: 'anomaly.is_anomaly when the score reaches this (default: severity.medium).' }),
  contamination: z
    .number()
    .gt(0)
    .lt(0.5)
    .optional()
    .meta({ description: 'Instead of threshold and severity (online model): the share of training events expected to be anomalies; the top share of their scores is medium and up, half of it high, a quarter critical.' }),
  severity: z
    .strictObject({ medium: z.number().default(0.6), high: z.number().default(0.7), critical: z.number().default(0.8) })
    .prefault({})
    .meta({ description: 'Score thresholds of the severities (below medium: low).' }),
  explain: z.number().int().min(0).default(3).meta({ description: 'Features listed in anomaly.explanation (0: none).' }),
}).refine(oneCandidate, ONE_CANDIDATE_MESSAGE);

export type AnomalyConfig = z.output<typeof anomalyConfig>;
