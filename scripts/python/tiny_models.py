"""Builds tiny ONNX models that exercise sidecar-ai's model loading and inference code without real weights.

Usage: python tiny_models.py TOKENIZER_DIR OUT_DIR

Both models reuse a real BERT tokenizer (tokenizer.json from TOKENIZER_DIR) and are small, deterministic
graphs whose answers a test can predict:

* OUT_DIR/tiny-nli: a sequence-pair classifier in the layout of an MNLI model. Each of a few words carries
  a topic vector; the entailment logit is 4 x the dot product of the premise's and the hypothesis's topic
  sums, the contradiction logit is 1. A ticket about being charged therefore "entails" a billing
  hypothesis (probability sigmoid(3) ~ 0.95 for one matching word on each side) and nothing else
  (sigmoid(-1) ~ 0.27).
* OUT_DIR/tiny-copy-t5: an encoder-decoder in the layout of a T5 summarization model (merged decoder with a
  key/value cache), without attention: the decoder's step n returns the encoder's input token n, so
  "summaries" are the input copied up to [SEP] or max_new_tokens. It checks the whole generation path,
  not summarization quality.
"""
import json
import shutil
import sys
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = [helper.make_opsetid("", 17)]
# onnxruntime-node (1.2x) reads IR versions up to 13; newer onnx packages write 14 by default.
IR_VERSION = 8
# Whole words of the BERT uncased vocabulary (no word pieces), so each stands for one token.
TOPICS = {
    0: ["charged", "charge", "billing", "payment", "bill"],
    1: ["money", "back"],
    2: ["parcel", "package", "delivery", "shipping", "courier"],
}


def vocabulary(tokenizer_dir: Path) -> dict:
    return json.loads((tokenizer_dir / "tokenizer.json").read_text())["model"]["vocab"]


def copy_tokenizer(tokenizer_dir: Path, folder: Path) -> None:
    for name in ("tokenizer.json", "tokenizer_config.json"):
        shutil.copy(tokenizer_dir / name, folder / name)


def const(name: str, value) -> onnx.NodeProto:
    return helper.make_node("Constant", [], [name], value=numpy_helper.from_array(np.array(value), name))


def nli(tokenizer_dir: Path, folder: Path) -> None:
    vocab = vocabulary(tokenizer_dir)
    table = np.zeros((len(vocab), len(TOPICS)), dtype=np.float32)
    for topic, words in TOPICS.items():
        for word in words:
            table[vocab[word], topic] = 1.0
    nodes = [
        helper.make_node("Gather", ["topics", "input_ids"], ["emb"], axis=0),
        helper.make_node("Cast", ["attention_mask"], ["mask"], to=TensorProto.FLOAT),
        helper.make_node("Cast", ["token_type_ids"], ["second"], to=TensorProto.FLOAT),
        helper.make_node("Mul", ["mask", "second"], ["hyp_w"]),
        helper.make_node("Sub", ["mask", "hyp_w"], ["prem_w"]),
        const("axis2", np.array([2], dtype=np.int64)),
        const("axis1", np.array([1], dtype=np.int64)),
        helper.make_node("Unsqueeze", ["prem_w", "axis2"], ["prem_w3"]),
        helper.make_node("Unsqueeze", ["hyp_w", "axis2"], ["hyp_w3"]),
        helper.make_node("Mul", ["emb", "prem_w3"], ["prem_emb"]),
        helper.make_node("Mul", ["emb", "hyp_w3"], ["hyp_emb"]),
        helper.make_node("ReduceSum", ["prem_emb", "axis1"], ["premise"], keepdims=0),
        helper.make_node("ReduceSum", ["hyp_emb", "axis1"], ["hypothesis"], keepdims=0),
        helper.make_node("Mul", ["premise", "hypothesis"], ["both"]),
        helper.make_node("ReduceSum", ["both", "axis1"], ["agreement"], keepdims=1),
        const("four", np.array(4.0, dtype=np.float32)),
        const("zero", np.array(0.0, dtype=np.float32)),
        const("one", np.array(1.0, dtype=np.float32)),
        helper.make_node("Mul", ["agreement", "four"], ["entailment"]),
        helper.make_node("Mul", ["agreement", "zero"], ["neutral"]),
        helper.make_node("Add", ["neutral", "one"], ["contradiction"]),
        helper.make_node("Concat", ["entailment", "neutral", "contradiction"], ["logits"], axis=1),
    ]
    ids = lambda name: helper.make_tensor_value_info(name, TensorProto.INT64, ["batch", "sequence"])
    graph = helper.make_graph(
        nodes,
        "tiny-nli",
        [ids("input_ids"), ids("attention_mask"), ids("token_type_ids")],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", 3])],
        [numpy_helper.from_array(table, "topics")],
    )
    (folder / "onnx").mkdir(parents=True, exist_ok=True)
    onnx.save(helper.make_model(graph, opset_imports=OPSET, ir_version=IR_VERSION), folder / "onnx" / "model.onnx")
    labels = {"0": "entailment", "1": "neutral", "2": "contradiction"}
    config = {
        "model_type": "bert",
        "architectures": ["BertForSequenceClassification"],
        "id2label": labels,
        "label2id": {v: int(k) for k, v in labels.items()},
        "vocab_size": len(vocab),
        "hidden_size": len(TOPICS),
        "num_attention_heads": 1,
        "num_hidden_layers": 1,
    }
    (folder / "config.json").write_text(json.dumps(config, indent=2))
    copy_tokenizer(tokenizer_dir, folder)


def copy_t5(tokenizer_dir: Path, folder: Path) -> None:
    vocab = vocabulary(tokenizer_dir)
    width = 64
    rng = np.random.default_rng(7)
    table = rng.standard_normal((len(vocab), width)).astype(np.float32)
    table /= np.linalg.norm(table, axis=1, keepdims=True)
    ids = lambda name, dims: helper.make_tensor_value_info(name, TensorProto.INT64, dims)
    encoder = helper.make_graph(
        [helper.make_node("Gather", ["embeddings", "input_ids"], ["last_hidden_state"], axis=0)],
        "tiny-copy-encoder",
        [ids("input_ids", ["batch", "source"]), ids("attention_mask", ["batch", "source"])],
        [helper.make_tensor_value_info("last_hidden_state", TensorProto.FLOAT, ["batch", "source", width])],
        [numpy_helper.from_array(table, "embeddings")],
    )
    # The decoder sees one new token per step (the generation loop keeps a cache); its "self-attention cache"
    # is a [batch, 1, steps, 1] tensor of zeros that grows by one per step, so its length says which encoder
    # token to copy next: step n (n >= 1) returns encoder token n, skipping [CLS].
    cache = lambda name, length: helper.make_tensor_value_info(name, TensorProto.FLOAT, ["batch_size", 1, length, 1])
    decoder = helper.make_graph(
        [
            helper.make_node("Cast", ["input_ids"], ["ids_float"], to=TensorProto.FLOAT),
            const("zero", np.array(0.0, dtype=np.float32)),
            helper.make_node("Mul", ["ids_float", "zero"], ["zeros"]),
            const("axes23", np.array([2, 3], dtype=np.int64)),
            helper.make_node("Unsqueeze", ["zeros", "axes23"], ["step_entry"]),
            helper.make_node("Concat", ["past_key_values.0.decoder.key", "step_entry"], ["present.0.decoder.key"], axis=2),
            helper.make_node("Concat", ["past_key_values.0.decoder.value", "step_entry"], ["present.0.decoder.value"], axis=2),
            helper.make_node("Cast", ["encoder_attention_mask"], ["mask_float"], to=TensorProto.FLOAT),
            const("axes13", np.array([1, 3], dtype=np.int64)),
            helper.make_node("Unsqueeze", ["mask_float", "axes13"], ["present.0.encoder.key"]),
            helper.make_node("Identity", ["present.0.encoder.key"], ["present.0.encoder.value"]),
            helper.make_node("Shape", ["present.0.decoder.key"], ["cache_shape"]),
            helper.make_node("Shape", ["encoder_hidden_states"], ["encoder_shape"]),
            const("two_index", np.array([2], dtype=np.int64)),
            const("one_index", np.array([1], dtype=np.int64)),
            const("one", np.array([1], dtype=np.int64)),
            helper.make_node("Gather", ["cache_shape", "two_index"], ["steps"], axis=0),
            helper.make_node("Gather", ["encoder_shape", "one_index"], ["source_length"], axis=0),
            helper.make_node("Sub", ["source_length", "one"], ["last_source"]),
            helper.make_node("Min", ["steps", "last_source"], ["position"]),
            helper.make_node("Gather", ["encoder_hidden_states", "position"], ["current"], axis=1),
            helper.make_node("Transpose", ["embeddings_t_src"], ["embeddings_t"], perm=[1, 0]),
            helper.make_node("MatMul", ["current", "embeddings_t"], ["scores"]),
            const("sharpen", np.array(10.0, dtype=np.float32)),
            helper.make_node("Mul", ["scores", "sharpen"], ["logits"]),
        ],
        "tiny-copy-decoder",
        [
            ids("input_ids", ["batch_size", "target"]),
            helper.make_tensor_value_info("encoder_hidden_states", TensorProto.FLOAT, ["batch_size", "source", width]),
            ids("encoder_attention_mask", ["batch_size", "source"]),
            cache("past_key_values.0.decoder.key", "past_length"),
            cache("past_key_values.0.decoder.value", "past_length"),
            cache("past_key_values.0.encoder.key", "source_length"),
            cache("past_key_values.0.encoder.value", "source_length"),
        ],
        [
            helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch_size", 1, len(vocab)]),
            cache("present.0.decoder.key", "present_length"),
            cache("present.0.decoder.value", "present_length"),
            cache("present.0.encoder.key", "source"),
            cache("present.0.encoder.value", "source"),
        ],
        [numpy_helper.from_array(table, "embeddings_t_src")],
    )
    (folder / "onnx").mkdir(parents=True, exist_ok=True)
    onnx.save(helper.make_model(encoder, opset_imports=OPSET, ir_version=IR_VERSION), folder / "onnx" / "encoder_model.onnx")
    onnx.save(helper.make_model(decoder, opset_imports=OPSET, ir_version=IR_VERSION), folder / "onnx" / "decoder_model_merged.onnx")
    config = {
        "model_type": "t5",
        "architectures": ["T5ForConditionalGeneration"],
        "is_encoder_decoder": True,
        "d_model": width,
        "d_kv": 1,
        "num_heads": 1,
        "num_layers": 1,
        "num_decoder_layers": 1,
        "vocab_size": len(vocab),
        "decoder_start_token_id": vocab["[PAD]"],
        "pad_token_id": vocab["[PAD]"],
        "eos_token_id": vocab["[SEP]"],
    }
    (folder / "config.json").write_text(json.dumps(config, indent=2))
    (folder / "generation_config.json").write_text(
        json.dumps({"decoder_start_token_id": config["decoder_start_token_id"], "eos_token_id": config["eos_token_id"], "pad_token_id": config["pad_token_id"]})
    )
    copy_tokenizer(tokenizer_dir, folder)


if __name__ == "__main__":
    tokenizer_dir, out = Path(sys.argv[1]), Path(sys.argv[2])
    nli(tokenizer_dir, out / "tiny-nli")
    copy_t5(tokenizer_dir, out / "tiny-copy-t5")
