"""Writes an ONNX model in the layout of a scikit-learn IsolationForest exported by skl2onnx (input X, outputs
label and score_samples) that gives every row the same score: a deliberately bad candidate model, with which
the tests check that the roll-out guard rolls back a model that flags everything.

Usage: python constant_forest.py OUT.onnx FEATURES SCORE
  FEATURES: the input width; SCORE: the score s(x) every row gets (score_samples is its negative), e.g. 0.95.

test/fixtures/anomaly/flag-everything.onnx was written with: python constant_forest.py
test/fixtures/anomaly/flag-everything.onnx 6 0.95
"""
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

# onnxruntime-node reads IR versions up to 13 at least; this one is read by every release of the 1.x line we use.
IR_VERSION = 8


def main(out: str, features: int, score: float) -> None:
    nodes = [
        # Sum over the features times 0, plus the score: one value per row whatever the row holds.
        helper.make_node("ReduceSum", ["X", "axis1"], ["row"], keepdims=1),
        helper.make_node("Mul", ["row", "zero"], ["nothing"]),
        helper.make_node("Add", ["nothing", "negative_score"], ["score_samples"]),
        helper.make_node("Less", ["score_samples", "zero"], ["outlier"]),
        helper.make_node("Cast", ["outlier"], ["outlier_int"], to=TensorProto.INT64),
        # skl2onnx's label: -1 for outliers, 1 for inliers.
        helper.make_node("Mul", ["outlier_int", "minus_two"], ["shifted"]),
        helper.make_node("Add", ["shifted", "one"], ["label"]),
    ]
    initializers = [
        numpy_helper.from_array(np.array([1], dtype=np.int64), "axis1"),
        numpy_helper.from_array(np.array(0.0, dtype=np.float32), "zero"),
        numpy_helper.from_array(np.array(-score, dtype=np.float32), "negative_score"),
        numpy_helper.from_array(np.array(-2, dtype=np.int64), "minus_two"),
        numpy_helper.from_array(np.array(1, dtype=np.int64), "one"),
    ]
    graph = helper.make_graph(
        nodes,
        "constant_forest",
        [helper.make_tensor_value_info("X", TensorProto.FLOAT, [None, features])],
        [
            helper.make_tensor_value_info("label", TensorProto.INT64, [None, 1]),
            helper.make_tensor_value_info("score_samples", TensorProto.FLOAT, [None, 1]),
        ],
        initializers,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="sidecar-ai tests")
    model.ir_version = IR_VERSION
    onnx.checker.check_model(model)
    onnx.save(model, out)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), float(sys.argv[3]))
