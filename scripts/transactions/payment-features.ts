/**
 * The feature list used for payment transactions by the demo, the anomaly bench and the scikit-learn
 * reference: the same definitions as an `anomaly` processor's `features:` in YAML.
 */
import { featureSchema, type FeatureConfig } from '../../processors/anomaly/config.js';

export const PAYMENT_FEATURES_YAML = [
  { field: 'transaction.amount', type: 'numeric', transform: 'log' },
  { field: 'transaction.merchant.category', type: 'categorical' },
  { field: 'transaction.ip_country', type: 'categorical', per: 'transaction.card.id' },
  { field: 'transaction.merchant.category', type: 'categorical', per: 'transaction.card.id' },
  { field: '@timestamp', type: 'hour_of_day' },
  { type: 'rate', key: 'transaction.card.id', window: '10m' },
] as const;

export const PAYMENT_FEATURES: FeatureConfig[] = PAYMENT_FEATURES_YAML.map((f) => featureSchema.parse(f));
