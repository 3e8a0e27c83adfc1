"""scikit-learn's IsolationForest.score_samples on the agent's own trees, timed per batch size.

Usage:
  python same_trees.py FOREST ROWS AGENT_SCORES REPEATS MAX_CALLS SIZE[,SIZE...]

FOREST is the agent's forest as bench/anomaly/forest-file.ts writes it. An IsolationForest is fitted on the
rows only to get a complete estimator (fitted attributes, checks); then each of its trees is replaced by one
of the agent's (scikit-learn's Tree state: nodes, values), and the per-leaf path lengths that fit() derives
from the training counts are set to the agent's (depth + c(n)), so score_samples walks the agent's trees
with scikit-learn's own code. Rows should be float32 values (score_samples casts to float32): then every
comparison with a threshold is the agent's. The scores are compared with AGENT_SCORES (s(x) = −score_samples).

Per batch size, the first min(rows, SIZE × MAX_CALLS) rows are scored in calls of SIZE rows (one call costs
milliseconds before any tree is walked: one row per call over all rows would take minutes), best of REPEATS
after a warm-up, in process CPU time (user + sys, all threads) and wall time. Prints one JSON object
(bench/anomaly/timings.ts).
"""
import json
import sys
import time

import numpy as np
import sklearn
from sklearn.ensemble import IsolationForest
from sklearn.tree._tree import Tree


def read_forest(path: str) -> dict:
    data = open(path, "rb").read()
    at = 0

    def take(count: int, dtype: str) -> np.ndarray:
        nonlocal at
        array = np.frombuffer(data, dtype=dtype, count=count, offset=at).copy()
        at += array.nbytes
        return array

    trees, features, sample_size, nodes = (int(v) for v in take(4, "<i4"))
    forest = {
        "trees": trees,
        "features": features,
        "sample_size": sample_size,
        "start": take(trees + 1, "<i4"),
        "feature": take(nodes, "<i4"),
        "left": take(nodes, "<i4"),
        "right": take(nodes, "<i4"),
        "threshold": take(nodes, "<f8"),
        "leaf_path": take(nodes, "<f8"),
    }
    if at != len(data):
        raise SystemExit(f"{path}: {len(data) - at} bytes after the forest")
    return forest


def with_agent_trees(forest: dict, rows: np.ndarray) -> IsolationForest:
    model = IsolationForest(n_estimators=forest["trees"], max_samples=forest["sample_size"], random_state=0, n_jobs=1)
    model.fit(rows.astype(np.float32))
    if model._max_samples != forest["sample_size"] or model.n_features_in_ != forest["features"]:
        raise SystemExit("the placeholder forest does not match the agent's sample size and features")
    path_lengths, depths = [], []
    for t, estimator in enumerate(model.estimators_):
        begin, end = forest["start"][t], forest["start"][t + 1]
        feature = forest["feature"][begin:end]
        leaf = feature < 0
        state = estimator.tree_.__getstate__()
        nodes = np.zeros(end - begin, dtype=state["nodes"].dtype)
        nodes["left_child"] = forest["left"][begin:end]  # -1 marks a leaf, as scikit-learn's TREE_LEAF
        nodes["right_child"] = forest["right"][begin:end]
        nodes["feature"] = np.where(leaf, -2, feature)  # TREE_UNDEFINED
        nodes["threshold"] = np.where(leaf, -2.0, forest["threshold"][begin:end])
        nodes["n_node_samples"] = 1
        nodes["weighted_n_node_samples"] = 1.0
        state["nodes"] = nodes
        state["node_count"] = end - begin
        state["values"] = np.zeros((end - begin,) + state["values"].shape[1:], dtype=state["values"].dtype)
        node_depths = np.zeros(end - begin, dtype=np.int64)
        for n in range(end - begin):  # children come after their parent in the file
            if not leaf[n]:
                node_depths[nodes["left_child"][n]] = node_depths[n] + 1
                node_depths[nodes["right_child"][n]] = node_depths[n] + 1
        state["max_depth"] = int(node_depths.max())
        # A new Tree rather than the fitted one's state replaced in place (that frees memory it does not own).
        tree = Tree(forest["features"], np.array([1], dtype=np.intp), 1)
        tree.__setstate__(state)
        estimator.tree_ = tree
        # score_samples adds decision_path_length + average_path_length − 1 per tree at the leaf reached;
        # the path length is counted from 1 at the root (compute_node_depths).
        decision = estimator.tree_.compute_node_depths().astype(np.float64)
        depths.append(decision)
        path_lengths.append(forest["leaf_path"][begin:end] - decision + 1.0)
    model._decision_path_lengths = tuple(depths)
    model._average_path_length_per_tree = tuple(path_lengths)
    return model


def main() -> None:
    forest_path, rows_path, scores_path, repeats, max_calls, sizes = sys.argv[1:7]
    forest = read_forest(forest_path)
    rows = np.fromfile(rows_path, dtype="<f8").reshape(-1, forest["features"])
    expected = np.fromfile(scores_path, dtype="<f8")
    x = rows.astype(np.float32)
    if not np.array_equal(x.astype(np.float64), rows):
        raise SystemExit("the rows are not float32 values: scikit-learn would compare other numbers with the thresholds")
    model = with_agent_trees(forest, rows)
    result = {}
    for size in (int(s) for s in sizes.split(",")):
        count = min(len(x), size * int(max_calls))
        out = np.empty(count)
        best_cpu = best_wall = float("inf")
        for repeat in range(int(repeats) + 1):  # the first run is a warm-up, untimed
            cpu, wall = time.process_time(), time.perf_counter()
            for at in range(0, count, size):
                out[at : at + size] = -model.score_samples(x[at : at + size])
            cpu_s, wall_s = time.process_time() - cpu, time.perf_counter() - wall
            if repeat > 0:
                best_cpu, best_wall = min(best_cpu, cpu_s), min(best_wall, wall_s)
        max_diff = float(np.max(np.abs(out - expected[:count])))
        result[str(size)] = {"rows": count, "cpu_s": best_cpu, "wall_s": best_wall, "max_diff": max_diff}
    # VmHWM: this process's own peak (ru_maxrss keeps the spawning process's peak across exec).
    peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
    print(json.dumps({"engine": f"scikit-learn {sklearn.__version__}", "rows": len(x), "variants": {"score_samples": result}, "peak_rss_kib": peak}))


if __name__ == "__main__":
    main()
