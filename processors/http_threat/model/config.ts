import { z } from 'zod';

/**
 * The payload model's settings. The defaults were chosen by grouped cross-validation on the train part of
 * the threat corpus (`npm run bench:threat-model-cv`, bench/RESULTS.md): n-gram range, regularisation and
 * the probability threshold at which the model's false positives on the train part's benign sets stay at
 * or below those of OWASP CRS at paranoia level 1.
 */
/** The threshold chosen for the threat corpus's examples (bench/RESULTS.md). */
export const DEFAULT_THRESHOLD = 0.95;

export const payloadModelConfig = z
  .strictObject({
    examples_file: z.string().min(1).meta({ description: 'JSONL file of labelled requests the model is trained on when the processor starts (relative to the config file). One object a line: `label` (attack or benign), `uri`, `user_agent`, `referer` (at least one), optional `class` (the attack class it reports) and `method`; rows with `log_visible: false` are skipped. The threat corpus records (`npm run corpus:threats`) have this format.' }),
    ngram_min: z.int().min(1).max(8).default(3).meta({ description: 'Shortest character n-gram.' }),
    ngram_max: z.int().min(1).max(8).default(5).meta({ description: 'Longest character n-gram.' }),
    hash_bits: z.int().min(10).max(22).default(16).meta({ description: 'The n-grams are hashed to 2^hash_bits weights per class.' }),
    c: z.number().positive().default(1).meta({ description: "Inverse L2 regularisation strength of the logistic regression (as scikit-learn's C)." }),
    threshold: z
      .union([z.number().gt(0).lt(1), z.literal('auto')])
      .default(DEFAULT_THRESHOLD)
      .meta({
        description:
          "The model's attack probability from which it reports a detection (reason detector payload-model); at the threshold it weighs 0.5 in threat.score, rising to 0.95 at probability 1. The default was chosen for the threat corpus's examples; with examples of your own, `auto` chooses it from them (see max_benign_share).",
      }),
    max_benign_share: z
      .number()
      .gt(0)
      .lt(0.5)
      .default(0.001)
      .meta({ description: 'With threshold: auto: the share of the benign examples the model may flag when scored by models trained without them (3 folds; training at start takes about three times as long).' }),
  })
  .refine((m) => m.ngram_min <= m.ngram_max, { message: 'ngram_min must not exceed ngram_max', path: ['ngram_min'] });

export type PayloadModelConfig = z.output<typeof payloadModelConfig>;
