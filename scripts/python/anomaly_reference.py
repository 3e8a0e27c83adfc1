"""scikit-learn's IsolationForest on the agent's feature vectors: the reference for the anomaly processor.

Usage:
  python anomaly_reference.py fixture INPUT.json OUT_DIR
      Fits IsolationForest(100 trees, max_samples 256) on the training rows and reports ROC-AUC and
      precision at the top 1 % on the labelled test rows; fits a small forest (25 trees, 64 samples) and
      exports it with skl2onnx (with the score_samples output) to OUT_DIR/sklearn-iforest.onnx, with its
      score_samples for the first test rows in OUT_DIR/reference.json (next to the data and labels);
      and the VARIANTS below (other feature counts, sample sizes, max_features < 1, bootstrap, a
      pipeline with a scaler in front), exported to OUT_DIR/<name>.onnx with their score_samples.
  python anomaly_reference.py export INPUT.json ONNX_OUT
      Fits IsolationForest(100 trees, max_samples 256) on the training rows and exports it to ONNX_OUT
      (with the score_samples output), for the flagged-share bench.
  python anomaly_reference.py bench INPUT.json ONNX_OUT
      Prints JSON timings: fit and score_samples (single-threaded; all rows in one call, and one row per
      call as a streaming service would) of the 100-tree forest, its ROC-AUC and
      precision at 1 %, and exports that forest to ONNX_OUT for the ONNX scoring figures.
"""
import json
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.ensemble import IsolationForest
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from skl2onnx import to_onnx

SEED = 42
TARGET_OPSET = {"": 17, "ai.onnx.ml": 3}

# Forests the agent's ONNX reader is tested on: `columns` picks (and may repeat) feature columns, `train`
# limits the training rows (max_samples "auto" is then the row count). Kept small: they are committed.
VARIANTS = [
    {"name": "iforest-1-feature", "columns": [0], "params": {"n_estimators": 10, "max_samples": 32}},
    {"name": "iforest-3-features-auto", "columns": [0, 1, 5], "train": 100, "params": {"n_estimators": 10}},
    {"name": "iforest-3-features-share", "columns": [0, 2, 5], "params": {"n_estimators": 20, "max_samples": 0.02}},
    {"name": "iforest-max-features", "columns": [0, 1, 2, 3, 4, 5], "params": {"n_estimators": 20, "max_samples": 64, "max_features": 0.5}},
    {"name": "iforest-bootstrap", "columns": [0, 1, 2, 3, 4, 5], "params": {"n_estimators": 15, "max_samples": 128, "bootstrap": True}},
    {"name": "iforest-10-features", "columns": [0, 1, 2, 3, 4, 5, 0, 1, 2, 3], "params": {"n_estimators": 5, "max_samples": 512}},
    {"name": "pipeline-scaler", "columns": [0, 1, 5], "pipeline": True, "params": {"n_estimators": 5, "max_samples": 32}},
]


def precision_at(scores: np.ndarray, labels: np.ndarray, share: float) -> float:
    top = max(1, int(round(len(scores) * share)))
    order = np.argsort(-scores, kind="stable")[:top]
    return float(labels[order].mean())


def load(path: str):
    data = json.loads(Path(path).read_text())
    train = np.asarray(data["train"], dtype=np.float32)
    test = np.asarray(data["test"], dtype=np.float32)
    labels = np.asarray(data["labels"], dtype=np.int64)
    return data, train, test, labels


def export(model, sample: np.ndarray, forest: IsolationForest):
    """skl2onnx with the score_samples output. Its converter refuses max_features < 1 (it checks that each
    tree reads every input column, though its graph gathers each tree's own columns): for those the check
    is passed by converting with _max_features set to the input width; the test compares the result with
    scikit-learn's score_samples."""
    saved = forest._max_features
    forest._max_features = sample.shape[1]
    try:
        return to_onnx(model, sample, target_opset=TARGET_OPSET, options={id(forest): {"score_samples": True}})
    finally:
        forest._max_features = saved


def variant(spec: dict, train: np.ndarray, test: np.ndarray, rows: int, out: Path) -> dict:
    columns = spec["columns"]
    x = train[: spec.get("train", len(train))][:, columns]
    forest = IsolationForest(random_state=SEED, n_jobs=1, **spec["params"])
    model = make_pipeline(StandardScaler(), forest) if spec.get("pipeline") else forest
    model.fit(x)
    (out / f"{spec['name']}.onnx").write_bytes(export(model, x[:1], forest).SerializeToString())
    return {
        "name": spec["name"],
        "file": f"{spec['name']}.onnx",
        "columns": columns,
        "params": spec["params"],
        "pipeline": bool(spec.get("pipeline")),
        "trees": len(forest.estimators_),
        "sample_size": int(forest.max_samples_),
        "score_samples": [float(v) for v in model.score_samples(test[:rows][:, columns])],
    }


def fixture(input_path: str, out_dir: str) -> None:
    data, train, test, labels = load(input_path)
    reference = IsolationForest(n_estimators=100, max_samples=256, random_state=SEED, n_jobs=1).fit(train)
    s = -reference.score_samples(test)
    small = IsolationForest(n_estimators=25, max_samples=64, random_state=SEED, n_jobs=1).fit(train)
    onnx_model = to_onnx(small, train[:1], target_opset=TARGET_OPSET, options={id(small): {"score_samples": True}})
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    (out / "sklearn-iforest.onnx").write_bytes(onnx_model.SerializeToString())
    rows = min(500, len(test))
    result = {
        "generated_by": "npm run reference:anomaly",
        "features": data["features"],
        "train": data["train"],
        "test": data["test"],
        "labels": data["labels"],
        "sklearn": {
            "version": __import__("sklearn").__version__,
            "trees": 100,
            "sample_size": 256,
            "roc_auc": float(roc_auc_score(labels, s)),
            "precision_at_1pct": precision_at(s, labels, 0.01),
        },
        "onnx": {
            "file": "sklearn-iforest.onnx",
            "trees": 25,
            "sample_size": 64,
            "rows": rows,
            "score_samples": [float(v) for v in small.score_samples(test[:rows])],
        },
        "variants": [variant(spec, train, test, rows, out) for spec in VARIANTS],
    }
    (out / "reference.json").write_text(json.dumps(result, separators=(",", ":")))
    print(json.dumps({"roc_auc": result["sklearn"]["roc_auc"], "precision_at_1pct": result["sklearn"]["precision_at_1pct"]}))


def bench(input_path: str, onnx_out: str, repeats: int, batch_sizes: list[int]) -> None:
    _, train, test, labels = load(input_path)
    start = time.perf_counter()
    model = IsolationForest(n_estimators=100, max_samples=256, random_state=SEED, n_jobs=1).fit(train)
    fit_seconds = time.perf_counter() - start
    model.score_samples(test[:100])  # warm-up
    score_seconds = float("inf")
    for _ in range(repeats):  # best of as many repetitions as the TypeScript side
        start = time.perf_counter()
        s = -model.score_samples(test)
        score_seconds = min(score_seconds, time.perf_counter() - start)
    # The same rows scored in calls of a pipeline batch each, as a streaming scorer receives them.
    batch_seconds = {}
    for size in batch_sizes:
        best = float("inf")
        for _ in range(repeats):
            start = time.perf_counter()
            for at in range(0, len(test), size):
                model.score_samples(test[at : at + size])
            best = min(best, time.perf_counter() - start)
        batch_seconds[str(size)] = best
    single = test[:500]
    start = time.perf_counter()
    for i in range(len(single)):
        model.score_samples(single[i : i + 1])
    single_seconds = (time.perf_counter() - start) / len(single)
    onnx_model = to_onnx(model, train[:1], target_opset=TARGET_OPSET, options={id(model): {"score_samples": True}})
    Path(onnx_out).write_bytes(onnx_model.SerializeToString())
    print(json.dumps({
        "fit_seconds": fit_seconds,
        "score_seconds": score_seconds,
        "batch_seconds": batch_seconds,
        "seconds_per_single_row": single_seconds,
        "rows": len(test),
        "roc_auc": float(roc_auc_score(labels, s)),
        "precision_at_1pct": precision_at(s, labels, 0.01),
    }))


def export_forest(input_path: str, onnx_out: str) -> None:
    _, train, _, _ = load(input_path)
    model = IsolationForest(n_estimators=100, max_samples=256, random_state=SEED, n_jobs=1).fit(train)
    Path(onnx_out).write_bytes(export(model, train[:1], model).SerializeToString())
    print(json.dumps({"trees": 100, "sample_size": int(model.max_samples_), "rows": len(train), "out": onnx_out}))


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "fixture":
        fixture(sys.argv[2], sys.argv[3])
    elif mode == "export":
        export_forest(sys.argv[2], sys.argv[3])
    elif mode == "bench":
        bench(sys.argv[2], sys.argv[3], int(sys.argv[4]), [int(size) for size in sys.argv[5].split(",")])
    else:
        raise SystemExit(f"unknown mode {mode}")
