"""Exports an isolation forest the agent trained (its saved model in state_dir/anomaly/<id>.json) to ONNX.

Usage: python export_forest.py STATE.json OUT.onnx

The graph is an `ai.onnx.ml` TreeEnsembleRegressor whose leaves hold the agent's path lengths (depth + c(n)),
summed over the trees, then s(x) = 2^(-mean / c(psi)). Outputs: `score` (s(x)) and `score_samples` (-s(x),
scikit-learn's convention), so the agent, onnxruntime or any ONNX runtime can serve it. Thresholds are
rounded down to float32 (ONNX tree inputs are float32): for float32 inputs every split goes the same way
as in the agent.
"""
import base64
import json
import math
import sys
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

EULER_GAMMA = 0.5772156649015329
IR_VERSION = 8  # onnxruntime-node 1.2x reads IR versions up to 13


def average_path_length(n: int) -> float:
    if n <= 1:
        return 0.0
    if n == 2:
        return 1.0
    return 2.0 * (math.log(n - 1) + EULER_GAMMA) - 2.0 * (n - 1) / n


def array(text: str, dtype) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text), dtype=dtype)


def float32_at_most(value: float) -> float:
    f = np.float32(value)
    if float(f) > value:
        f = np.nextafter(f, np.float32(-np.inf), dtype=np.float32)
    return float(f)


def export(state_path: str, out_path: str) -> None:
    saved = json.loads(Path(state_path).read_text())
    if "model" not in saved:
        raise SystemExit(f"{state_path} holds no model yet: the processor is still warming up")
    m = saved["model"]
    roots = array(m["roots"], np.int32)
    feature = array(m["feature"], np.int32)
    threshold = array(m["threshold"], np.float64)
    left = array(m["left"], np.int32)
    right = array(m["right"], np.int32)
    leaf_path = array(m["leafPath"], np.float64)
    trees = len(roots)
    bounds = list(roots) + [len(feature)]
    attrs = {k: [] for k in ("treeids", "nodeids", "featureids", "values", "modes", "true", "false", "t_tree", "t_node", "t_weight")}
    for t in range(trees):
        start, end = int(bounds[t]), int(bounds[t + 1])
        for node in range(start, end):
            local = node - start
            attrs["treeids"].append(t)
            attrs["nodeids"].append(local)
            if feature[node] < 0:
                attrs["featureids"].append(0)
                attrs["values"].append(0.0)
                attrs["modes"].append("LEAF")
                attrs["true"].append(0)
                attrs["false"].append(0)
                attrs["t_tree"].append(t)
                attrs["t_node"].append(local)
                attrs["t_weight"].append(float(leaf_path[node]))
            else:
                attrs["featureids"].append(int(feature[node]))
                attrs["values"].append(float32_at_most(float(threshold[node])))
                attrs["modes"].append("BRANCH_LEQ")
                attrs["true"].append(int(left[node]) - start)
                attrs["false"].append(int(right[node]) - start)
    ensemble = helper.make_node(
        "TreeEnsembleRegressor",
        ["X"],
        ["path_sum"],
        domain="ai.onnx.ml",
        n_targets=1,
        aggregate_function="SUM",
        post_transform="NONE",
        nodes_treeids=attrs["treeids"],
        nodes_nodeids=attrs["nodeids"],
        nodes_featureids=attrs["featureids"],
        nodes_values=attrs["values"],
        nodes_modes=attrs["modes"],
        nodes_truenodeids=attrs["true"],
        nodes_falsenodeids=attrs["false"],
        nodes_missing_value_tracks_true=[0] * len(attrs["nodeids"]),
        target_treeids=attrs["t_tree"],
        target_nodeids=attrs["t_node"],
        target_ids=[0] * len(attrs["t_node"]),
        target_weights=attrs["t_weight"],
    )
    scale = np.array(-1.0 / (trees * average_path_length(int(m["sampleSize"]))), dtype=np.float32)
    nodes = [
        ensemble,
        helper.make_node("Mul", ["path_sum", "scale"], ["exponent"]),
        helper.make_node("Pow", ["two", "exponent"], ["score"]),
        helper.make_node("Neg", ["score"], ["score_samples"]),
    ]
    graph = helper.make_graph(
        nodes,
        "sidecar-ai-isolation-forest",
        [helper.make_tensor_value_info("X", TensorProto.FLOAT, [None, int(m["features"])])],
        [
            helper.make_tensor_value_info("score", TensorProto.FLOAT, [None, 1]),
            helper.make_tensor_value_info("score_samples", TensorProto.FLOAT, [None, 1]),
        ],
        [numpy_helper.from_array(scale, "scale"), numpy_helper.from_array(np.array(2.0, dtype=np.float32), "two")],
    )
    model = helper.make_model(
        graph,
        opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid("ai.onnx.ml", 3)],
        ir_version=IR_VERSION,
        producer_name="sidecar-ai",
    )
    model.doc_string = f"isolation forest, {trees} trees, sample size {m['sampleSize']}, model version {saved['version']}"
    onnx.checker.check_model(model)
    Path(out_path).write_bytes(model.SerializeToString())
    print(json.dumps({"trees": trees, "nodes": len(feature), "features": int(m["features"]), "out": out_path}))


if __name__ == "__main__":
    export(sys.argv[1], sys.argv[2])
