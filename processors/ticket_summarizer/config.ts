import { z } from 'zod';
import { modelFolderSchema, modelProcessorFields, oneModelOf } from '../model-processor-config.js';
import { ONE_CANDIDATE_MESSAGE, oneCandidate } from '../model-rollout/config.js';
import type { SelectionWeights } from './selection.js';

/** Chosen on the dev half of the labelled tickets (bench/ticket-eval/summaries-tune.ts). */
export const SELECTION_DEFAULTS: SelectionWeights = { units: 'clauses', ticket: 1, subject: 0, position: 0.2, facts: 0.5, redundancy: 0.5 };

export const ticketSummarizerConfig = z
  .strictObject({
    ...modelProcessorFields,
    model: modelFolderSchema
      .optional()
      .meta({ description: 'Folder of a sentence-embedding model (npm run models) for extractive summaries: the sentences closest in meaning to the whole ticket.' }),
    abstractive: z
      .strictObject({
        model: modelFolderSchema.meta({ description: 'Folder of a sequence-to-sequence summarization model (transformers.js layout).' }),
        max_new_tokens: z.number().int().min(1).default(60).meta({ description: 'Longest generated summary, in tokens.' }),
      })
      .optional()
      .meta({ description: 'Write summaries with a seq2seq model instead (abstractive), cut to max_chars.' }),
    max_chars: z.number().int().min(20).default(200).meta({ description: 'Longest summary; a text this short is its own summary.' }),
    subject_field: z
      .string()
      .min(1)
      .default('ticket.subject')
      .meta({ description: 'Field with the ticket subject: extractive summaries favour the sentences closest to it (the customer’s own statement of the problem). Tickets without it are summarized without.' }),
    selection: z
      .strictObject({
        units: z
          .enum(['sentences', 'clauses'])
          .default(SELECTION_DEFAULTS.units)
          .meta({ description: 'Choose whole sentences, or clauses of them (cut after , ; : and before but, so, because, which, …): finer, for tickets whose sentences are long.' }),
        ticket: z.number().min(0).default(SELECTION_DEFAULTS.ticket).meta({ description: 'Weight of a sentence’s similarity to the whole ticket.' }),
        subject: z.number().min(0).default(SELECTION_DEFAULTS.subject).meta({ description: 'Weight of its similarity to the subject (subject_field).' }),
        position: z.number().min(0).default(SELECTION_DEFAULTS.position).meta({ description: 'Weight of the position bonus 1 / (1 + index of the sentence): customers state the problem first.' }),
        facts: z
          .number()
          .min(0)
          .default(SELECTION_DEFAULTS.facts)
          .meta({ description: 'Bonus for a sentence or clause with a digit in it: order numbers, amounts, dates, error codes are what support staff act on.' }),
        redundancy: z
          .number()
          .min(0)
          .default(SELECTION_DEFAULTS.redundancy)
          .meta({ description: 'MMR penalty: times a sentence’s highest similarity to one already chosen. 0 ranks by the weighted relevance alone.' }),
      })
      .prefault({})
      .meta({
        description:
          'How extractive summaries choose sentences (maximal marginal relevance). The defaults were chosen on half of the labelled tickets (docs/processors.md); units sentences, ticket 1, subject 0, position 0, facts 0, redundancy 0 is the earlier ranking by similarity to the whole ticket alone.',
      }),
  })
  .refine(oneModelOf('abstractive'), {
    message: 'expected either model (sentence embeddings, extractive) or abstractive (a seq2seq model)',
    path: ['model'],
  })
  .refine(oneCandidate, ONE_CANDIDATE_MESSAGE);

export type TicketSummarizerConfig = z.output<typeof ticketSummarizerConfig>;
