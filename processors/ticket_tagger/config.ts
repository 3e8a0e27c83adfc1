import { z } from 'zod';
import { modelFolderSchema, modelProcessorFields, oneModelOf } from '../model-processor-config.js';
import { ONE_CANDIDATE_MESSAGE, oneCandidate } from '../model-rollout/config.js';
import { LABEL_SET_NAMES, LABEL_SETS, type LabelSetName } from './label-sets.js';
import { resolvedLabels, taggerOutput, TARGET_LEAVES_TAKEN } from './label-resolution.js';

/**
 * Defaults of the tagging rule, per scoring. The prototype's: chosen on the even-numbered half of the
 * labelled tickets in bench/ticket-eval, with description topics (threshold in steps of 0.01, margin in
 * steps of 0.05): centred with examples, and raw for descriptions alone (without examples nothing is
 * centred). The linear head's (a probability), with its c: chosen on the same dev half, averaged over
 * random draws of 1, 2, 3 and 5 written examples and of 1, 2, 3, 5 and 8 dev-half tickets per label
 * (threshold in steps of 0.02; bench:tickets prints the grid).
 */
const DEFAULT_RULE = {
  centered: { threshold: 0.14, margin: 0.3 },
  raw: { threshold: 0.28, margin: 0.15 },
  linear: { threshold: 0.4, margin: 0.3 },
} as const;

/** The linear head's inverse regularisation strength (1 and 3 tied on the dev half, 10 a little lower). */
const DEFAULT_C = 3;

interface RuleSettings {
  method?: 'linear' | 'prototype' | undefined;
  center: boolean;
  label_set?: LabelSetName | undefined;
  labels: readonly { name: string; description: string; examples: readonly string[] }[];
  examples_file?: unknown;
  threshold?: number | undefined;
  margin?: number | undefined;
  zero_shot?: { threshold: number } | undefined;
}

const hasExamples = (config: Pick<RuleSettings, 'label_set' | 'labels' | 'examples_file'>): boolean =>
  config.examples_file !== undefined || resolvedLabels(config).some((label) => label.examples.length > 0);

/**
 * How embeddings become scores: as configured, else the linear head with an examples file and prototypes
 * without one. On the dev half of the labelled tickets the head did better when the examples were tickets
 * themselves (1 to 8 per label: +0.01 to +0.05 macro-F1), which is what a file of historical tickets holds;
 * with 1 to 5 short written examples per label the two were level (−0.02 to +0.01), and with descriptions
 * alone prototypes did better (bench/RESULTS.md).
 */
export function scoringMethod(config: Pick<RuleSettings, 'method' | 'examples_file'>): 'linear' | 'prototype' {
  return config.method ?? (config.examples_file !== undefined ? 'linear' : 'prototype');
}

/**
 * Whether embeddings are centred: asked for, and (for prototypes) the labels have examples. With
 * descriptions alone (one short text per label) their mean is a poor centre for prototypes: measured, it
 * lowered macro-F1 (0.75 → 0.71). For the linear head centring made no difference on the dev half; it
 * follows `center` all the same.
 */
export function centersEmbeddings(config: RuleSettings): boolean {
  if (!config.center || config.zero_shot !== undefined) return false;
  if (scoringMethod(config) === 'linear') return true;
  return resolvedLabels(config).length > 1 && hasExamples(config);
}

/**
 * The threshold and margin a configuration resolves to (zero-shot has its own threshold, and the raw margin).
 * A built-in label set brings the threshold chosen for it, for the scoring it was chosen with (centred
 * prototypes); another scoring falls back to that scoring's default.
 */
export function taggingRule(config: RuleSettings): { threshold: number; margin: number } {
  const defaults = config.zero_shot === undefined && scoringMethod(config) === 'linear' ? DEFAULT_RULE.linear : centersEmbeddings(config) ? DEFAULT_RULE.centered : DEFAULT_RULE.raw;
  const setThreshold = config.label_set !== undefined && config.zero_shot === undefined && scoringMethod(config) === 'prototype' && centersEmbeddings(config) ? LABEL_SETS[config.label_set].threshold : undefined;
  return { threshold: config.zero_shot?.threshold ?? config.threshold ?? setThreshold ?? defaults.threshold, margin: config.margin ?? defaults.margin };
}

export const labelNameSchema = z.string().regex(/^[a-z0-9_-]+$/, 'expected lower-case letters, digits, "_" or "-"');

export const examplesFileSchema = z
  .strictObject({
    path: z.string().min(1).meta({ description: 'A JSONL or CSV file of labelled tickets, one label per row (relative to the config file).' }),
    format: z
      .enum(['jsonl', 'csv'])
      .optional()
      .meta({ description: 'Default: from the extension (.jsonl or .ndjson, .csv). CSV: a header row, commas, fields in double quotes where needed ("" for a quote).' }),
    text: z
      .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
      .default('text')
      .meta({ description: 'Key(s) (JSONL; dotted paths reach into objects) or column(s) (CSV) of the ticket text; several are joined by a line break, as `field` joins an event\'s fields.' }),
    label: z.string().min(1).default('label').meta({ description: 'Key or column of the label name (in JSONL also a list of names).' }),
    max_per_label: z
      .number()
      .int()
      .min(1)
      .default(200)
      .meta({ description: 'Most rows kept per label: its last ones in the file (the most recent, in a file in time order). Every kept text is embedded whenever the processor is built (start-up, a reload that changes its config).' }),
  })
  .meta({
    description:
      'Examples from a file of historical tickets, added to the labels of the same name; a label only the file names is added with the file\'s examples alone. `validate` reports every bad row with its line.',
  });

export type ExamplesFileSettings = z.output<typeof examplesFileSchema>;

const labelSchema = z.strictObject({
  name: labelNameSchema,
  description: z.string().min(1).meta({ description: 'What tickets with this label are about.' }),
  examples: z.array(z.string().min(1)).default([]).meta({ description: 'Example ticket texts; they sharpen the label.' }),
});

export const ticketTaggerConfig = z
  .strictObject({
    ...modelProcessorFields,
    model: modelFolderSchema
      .optional()
      .meta({ description: 'Folder of a sentence-embedding model (npm run models): labels are scored by similarity to their description and examples.' }),
    zero_shot: z
      .strictObject({
        model: modelFolderSchema.meta({ description: 'Folder of an NLI model (transformers.js layout, label2id with entailment and contradiction).' }),
        hypothesis: z.string().includes('{}', { message: 'expected {} where the label description goes' }).default('This support ticket is about {}.'),
        threshold: z.number().min(0).max(1).default(0.5).meta({ description: 'Minimum entailment probability for a label.' }),
      })
      .optional()
      .meta({ description: 'Score labels with an NLI model instead of embeddings: each description becomes a hypothesis, its score the entailment probability.' }),
    label_set: z
      .enum(LABEL_SET_NAMES)
      .optional()
      .meta({
        description:
          'A built-in single-label set with its labels (descriptions and examples), target field and fallback: `priority` (urgent, normal, low → ticket.priority, fallback normal) or `sentiment` (negative, neutral, positive → ticket.sentiment, fallback neutral). `labels` replaces a label of the set by name or adds one; `target`, `fallback` and `threshold` override the set\'s.',
      }),
    labels: z
      .array(labelSchema)
      .default([])
      .meta({ description: 'The labels, each with a description and optional examples (at least one label here, in label_set or in examples_file). With label_set: replaces the set\'s label of the same name, or adds one.' }),
    target: z
      .string()
      .min(1)
      .optional()
      .meta({
        description:
          'Single-label tagging: write the one best label to this field as a string (its label scores to `<target>_scores`, the confidence to `<target>_confidence`) instead of ticket.tags. Default: the label set\'s target; without label_set, tags go to ticket.tags (several per ticket, top_k and margin apply). Single-label ignores top_k and margin.',
      }),
    fallback: labelNameSchema
      .optional()
      .meta({
        description: 'Single-label tagging: the label written when the best label scores below the threshold (default: the label set\'s). Without one, the best label is always written.',
      }),
    languages: z
      .array(z.string().regex(/^[a-z]{2,3}$/, 'expected an ISO 639 code in lower case, such as en'))
      .min(1)
      .default(['en'])
      .meta({
        description:
          'Languages the model covers (ISO 639-1). A ticket whose language_field holds another language (not und) is still tagged, but its confidence field says low (ticket.tags_confidence, or `<target>_confidence`); otherwise normal. all-MiniLM-L6-v2 is English-only.',
      }),
    language_field: z
      .string()
      .min(1)
      .default('ticket.language')
      .meta({ description: 'Field holding the ticket\'s language (as detect_language writes it; a region such as en-GB counts as its language). A ticket without it, or with und, counts as normal.' }),
    examples_file: examplesFileSchema.optional(),
    method: z
      .enum(['linear', 'prototype'])
      .optional()
      .meta({
        description:
          'How embeddings become label scores: `linear`, a logistic regression per label fitted when the processor is built, on the embedded descriptions, topics and examples (scores are probabilities); `prototype`, the cosine similarity to the mean of each label\'s texts. Default: linear with an examples_file (examples that are real tickets), prototype otherwise (descriptions and a few written examples).',
      }),
    linear: z
      .strictObject({
        c: z.number().positive().default(DEFAULT_C).meta({ description: 'Inverse L2 regularisation strength (as scikit-learn\'s C): larger follows the examples more closely.' }),
      })
      .prefault({})
      .meta({ description: 'Settings of the linear head (method: linear).' }),
    description_topics: z
      .boolean()
      .default(true)
      .meta({
        description:
          'Also embed each comma- or semicolon-separated part of a description as a label text of its own: descriptions are usually lists of topics, and one embedding of the whole list blurs them (see scorers.ts).',
      }),
    center: z
      .boolean()
      .default(true)
      .meta({
        description: 'Compare tickets and labels after subtracting what all label texts share (see scorers.ts). Prototypes are centred only when the labels have examples.',
      }),
    threshold: z
      .number()
      .min(-1)
      .max(1)
      .optional()
      .meta({
        description: `Minimum score for a label: a probability with the linear head (default ${DEFAULT_RULE.linear.threshold}), a cosine similarity with prototypes (default ${DEFAULT_RULE.centered.threshold} centred, ${DEFAULT_RULE.raw.threshold} not; with label_set, centred, the set's: ${LABEL_SET_NAMES.map((name) => `${name} ${LABEL_SETS[name].threshold}`).join(', ')}). Single-label: below it, the fallback.`,
      }),
    margin: z
      .number()
      .min(0)
      .max(2)
      .optional()
      .meta({
        description: `A label other than the best is kept only when its score is within this much of the best one. Default ${DEFAULT_RULE.linear.margin} with the linear head; with prototypes ${DEFAULT_RULE.centered.margin} centred, ${DEFAULT_RULE.raw.margin} not.`,
      }),
    top_k: z.number().int().min(1).default(2).meta({ description: 'At most this many labels per ticket, best first.' }),
    rules: z
      .array(
        z.strictObject({
          tag: z.string().min(1),
          keywords: z.array(z.string().min(1)).min(1),
          action: z.enum(['force', 'forbid']),
        }),
      )
      .default([])
      .meta({ description: 'A ticket containing one of the keywords (case-insensitive) always gets (force) or never gets (forbid) the tag.' }),
  })
  .refine(oneModelOf('zero_shot'), {
    message: 'expected either model (sentence embeddings) or zero_shot (an NLI model)',
    path: ['model'],
  })
  .refine(oneCandidate, ONE_CANDIDATE_MESSAGE)
  .refine((config) => resolvedLabels(config).length > 0 || config.examples_file !== undefined, {
    message: 'expected at least one label (here, from label_set or from examples_file)',
    path: ['labels'],
  })
  .refine((config) => config.fallback === undefined || taggerOutput(config).kind === 'single', {
    message: 'fallback applies to single-label tagging: set target or label_set',
    path: ['fallback'],
  })
  .refine((config) => config.fallback === undefined || config.examples_file !== undefined || resolvedLabels(config).some((l) => l.name === config.fallback), {
    message: 'fallback must name one of the labels',
    path: ['fallback'],
  })
  .refine((config) => !TARGET_LEAVES_TAKEN.includes(lastSegment(config.target ?? '')), {
    message: `target must not end in ${TARGET_LEAVES_TAKEN.join(' or ')}: the tagger keeps its model version and shadow results there`,
    path: ['target'],
  })
  .refine((config) => config.zero_shot === undefined || config.examples_file === undefined, {
    message: 'zero_shot scores label descriptions only: examples_file needs model (sentence embeddings)',
    path: ['examples_file'],
  });

export type TicketTaggerConfig = z.output<typeof ticketTaggerConfig>;

function lastSegment(field: string): string {
  return field.slice(field.lastIndexOf('.') + 1);
}
