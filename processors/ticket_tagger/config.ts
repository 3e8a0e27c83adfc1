import { z } from 'zod';
import { modelFolderSchema, modelProcessorFields, oneModelOf } from '../model-processor-config.js';
import { ONE_CANDIDATE_MESSAGE, oneCandidate } from '../model-rollout/config.js';

/**
 * Defaults of the tagging rule, per scoring mode (centred similarities are smaller and spread wider).
 * Chosen on the even-numbered half of the labelled tickets in bench/ticket-eval, with description topics
 * (threshold in steps of 0.01, margin in steps of 0.05): centred with examples, and raw for descriptions
 * alone (the raw rule's main use: without examples nothing is centred).
 */
const DEFAULT_RULE = {
  centered: { threshold: 0.14, margin: 0.3 },
  raw: { threshold: 0.28, margin: 0.15 },
} as const;

interface RuleSettings {
  center: boolean;
  labels: readonly { examples: readonly string[] }[];
  threshold?: number | undefined;
  margin?: number | undefined;
  zero_shot?: { threshold: number } | undefined;
}

/**
 * Whether embeddings are centred: asked for, and the labels have examples. With descriptions alone (one
 * short text per label) their mean is a poor centre: measured, it lowered macro-F1 (0.75 → 0.71).
 */
export function centersEmbeddings(config: RuleSettings): boolean {
  return config.center && config.zero_shot === undefined && config.labels.length > 1 && config.labels.some((label) => label.examples.length > 0);
}

/** The threshold and margin a configuration resolves to (zero-shot has its own threshold). */
export function taggingRule(config: RuleSettings): { threshold: number; margin: number } {
  const defaults = centersEmbeddings(config) ? DEFAULT_RULE.centered : DEFAULT_RULE.raw;
  return { threshold: config.zero_shot?.threshold ?? config.threshold ?? defaults.threshold, margin: config.margin ?? defaults.margin };
}

const labelSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9_-]+$/, 'expected lower-case letters, digits, "_" or "-"'),
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
    labels: z.array(labelSchema).min(1),
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
      .meta({ description: 'Compare tickets and labels after subtracting what all label texts share (see scorers.ts). Applies to embeddings when the labels have examples.' }),
    threshold: z
      .number()
      .min(-1)
      .max(1)
      .optional()
      .meta({ description: `Minimum cosine similarity for a label. Default ${DEFAULT_RULE.centered.threshold} with center, ${DEFAULT_RULE.raw.threshold} without.` }),
    margin: z
      .number()
      .min(0)
      .max(2)
      .optional()
      .meta({
        description: `A label other than the best is kept only when its score is within this much of the best one. Default ${DEFAULT_RULE.centered.margin} with center, ${DEFAULT_RULE.raw.margin} without.`,
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
  .refine(oneCandidate, ONE_CANDIDATE_MESSAGE);

export type TicketTaggerConfig = z.output<typeof ticketTaggerConfig>;
