import { z } from 'zod';
import { modelFolderSchema, modelProcessorFields, oneModelOf } from '../model-processor-config.js';
import { ONE_CANDIDATE_MESSAGE, oneCandidate } from '../model-rollout/config.js';

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
  })
  .refine(oneModelOf('abstractive'), {
    message: 'expected either model (sentence embeddings, extractive) or abstractive (a seq2seq model)',
    path: ['model'],
  })
  .refine(oneCandidate, ONE_CANDIDATE_MESSAGE);
