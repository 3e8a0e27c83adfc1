/**
 * Abstractive summaries with a local sequence-to-sequence model (an operator-provided transformers.js
 * folder, e.g. a distilled BART or T5 fine-tuned for summarization), greedy decoding.
 */
import { pipeline, type SummarizationPipeline } from '@huggingface/transformers';
import { useLocalModel } from './local-model.js';
import { SIDECAR_RUNTIME, sessionOptions, type OnnxRuntimeOptions } from './session-options.js';

export interface SummarizeItem {
  readonly text: string;
  readonly maxNewTokens: number;
}

export interface Seq2SeqSummarizer {
  summarize(items: readonly SummarizeItem[]): Promise<string[]>;
  dispose(): Promise<void>;
}

export async function loadSeq2SeqSummarizer(folder: string, runtime: OnnxRuntimeOptions = SIDECAR_RUNTIME): Promise<Seq2SeqSummarizer> {
  const model = useLocalModel(folder);
  const generator: SummarizationPipeline = await pipeline('summarization', model.id, { dtype: model.dtype, session_options: sessionOptions(runtime) });
  return {
    async summarize(items) {
      const summaries: string[] = [];
      for (const item of items) {
        const [output] = (await generator(item.text, { max_new_tokens: item.maxNewTokens, do_sample: false })) as { summary_text: string }[];
        summaries.push((output?.summary_text ?? '').trim());
      }
      return summaries;
    },
    dispose: () => generator.dispose(),
  };
}
