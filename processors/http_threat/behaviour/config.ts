import { z } from 'zod';
import { durationSchema, regexSchema } from '../../../agent/kit.js';

// The same rule as the payload fields' (../config.ts imports this module, so it cannot be imported from there).
const fieldName = z.string().regex(/^[A-Za-z_@][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/, 'expected a field name such as source.ip');

const loginRoute = z.strictObject({
  method: z.string().min(1).default('POST').meta({ description: 'HTTP method of the login request (any case).' }),
  path: regexSchema.meta({ description: 'Regular expression matched against url.path, e.g. ^/(account/)?login$.' }),
});

const forestSettings = z
  .strictObject({
    trees: z.int().min(1).default(100),
    sample_size: z.int().min(2).default(256).meta({ description: 'ψ: client windows per tree.' }),
    seed: z.int().default(42),
    warmup: z
      .int()
      .min(2)
      .default(2000)
      .meta({ description: 'Client windows collected before the first forest; until then no behaviour verdicts are given.' }),
    refit_every: z.int().min(1).default(5000).meta({ description: 'Retrain after this many more client windows.' }),
    window: z
      .int()
      .min(2)
      .default(50000)
      .meta({ description: 'Training uses the most recent this many client windows (long, so that a few abusive clients judged every bucket stay rare in it).' }),
    contamination: z
      .number()
      .gt(0)
      .lt(0.5)
      .default(0.01)
      .meta({ description: 'Share of client windows expected to be abusive: the score cut-off is learned from the training windows at each fit, as in the anomaly processor.' }),
    threshold: z.number().gt(0).lte(1).optional().meta({ description: 'A fixed forest score from which a client window is anomalous, instead of the learned cut-off.' }),
  })
  .prefault({});

export const behaviourConfig = z.strictObject({
  key: fieldName.default('source.ip').meta({ description: 'Field that identifies a client, e.g. source.ip or an API-key field.' }),
  window: durationSchema.prefault('60s').meta({ description: 'Length of the sliding window, in event time (@timestamp; arrival time without it).' }),
  buckets: z.int().min(2).max(120).default(12).meta({ description: 'Time buckets per window: the window slides one bucket at a time, and each client is judged at most once per bucket.' }),
  min_requests: z.int().min(1).default(10).meta({ description: 'Requests a client needs in its window before it is judged (and learned from).' }),
  max_clients: z
    .int()
    .min(1)
    .default(20000)
    .meta({ description: 'Clients tracked at once (fixed memory, about 1 KB each with 12 buckets); the least recently seen gives up its place.' }),
  weight: z
    .number()
    .gt(0)
    .max(1)
    .default(0.5)
    .meta({ description: 'Weight of an anomalous client window in threat.score, combined with the payload detectors as 1 − Π(1 − w).' }),
  login: z
    .strictObject({
      routes: z.array(loginRoute).default([]).meta({ description: 'Login requests (method and path); failed ones count towards brute force and credential stuffing.' }),
      failed_status: z.array(z.int().min(100).max(599)).min(1).default([401, 403]).meta({ description: 'Response statuses of a failed login.' }),
      username_field: fieldName.optional().meta({ description: 'Field holding the login name (e.g. user.name from basic auth), for distinct usernames per client.' }),
    })
    .prefault({}),
  forest: forestSettings.meta({ description: 'The isolation forest trained online on client windows (as in the anomaly processor).' }),
});

export type BehaviourConfig = z.output<typeof behaviourConfig>;
