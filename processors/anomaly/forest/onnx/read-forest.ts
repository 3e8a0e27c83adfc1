/**
 * Reads an isolation forest exported to ONNX into the agent's own forest (ForestModel), so that it is
 * scored by the same code as the online forest and explained the same way. Understood: a graph whose
 * `score_samples` output is −2^(−Σ path / (T·c(ψ))), where the sum runs over T trees read from
 * `ai.onnx.ml` TreeEnsembleRegressor nodes on the model's input (directly, or through Gather of columns,
 * as skl2onnx writes each tree of scikit-learn's IsolationForest) and each tree's path length is any
 * element-wise function of its leaf's output. skl2onnx's graph outputs the leaf's node id, maps it to the
 * leaf's sample count n and depth with LabelEncoders, and adds c(n); the agent's own export puts depth +
 * c(n) in the leaf. Neither is assumed: the reader runs that arithmetic for every leaf (evaluate.ts) and
 * finds T·c(ψ) from what the graph does to the sum. Anything else throws NotUnderstood with the reason.
 */
import type { ForestModel } from '../forest-model.js';
import { averagePathLength } from '../path-length.js';
import { DataType, type OnnxGraph, type OnnxNode } from './graph.js';
import { GraphEvaluator, isTreeEnsemble, NotUnderstood } from './evaluate.js';
import { readTreeEnsemble, type EnsembleTree } from './tree-ensemble.js';

const OUTPUT = 'score_samples';

/** One tree and its path length for each of its leaves' output values. */
interface Term {
  tree: EnsembleTree;
  /** Ensemble input column → model input column. */
  columns: (column: number) => number;
  pathOf: (values: Float64Array) => Float64Array;
}

interface OnnxForestRead {
  model: ForestModel;
  trees: number;
  /** ψ found from the graph's normalization T·c(ψ). */
  sampleSize: number;
}

export function readOnnxForest(graph: OnnxGraph, width: number): OnnxForestRead {
  const [input, ...others] = graph.inputs;
  if (input === undefined || others.length > 0) throw new NotUnderstood(`the model has ${graph.inputs.length} inputs`);
  if (input.elemType !== DataType.FLOAT) throw new NotUnderstood(`the input is of data type ${input.elemType}, not float`);
  if (!graph.outputs.includes(OUTPUT)) throw new NotUnderstood(`no ${OUTPUT} output`);
  const evaluator = new GraphEvaluator(graph);

  // Down from score_samples through operators on one per-row value: the tensor where the trees' path
  // lengths are combined (a Sum, or a tree ensemble summing its trees).
  let combined = OUTPUT;
  for (;;) {
    const node = graph.producers.get(combined);
    if (node === undefined) throw new NotUnderstood(`${OUTPUT} depends on the input other than through trees`);
    if (isTreeEnsemble(node)) break;
    const rows = evaluator.rowInputs(node);
    if (rows.length !== 1) break;
    combined = rows[0] as string;
  }
  const terms = termsOf(combined, graph, evaluator, input.name, width);
  const paths = terms.map((term) => {
    const leaves = term.tree.feature.flatMap((f, i) => (f < 0 ? [i] : []));
    const lengths = term.pathOf(Float64Array.from(leaves, (i) => term.tree.value[i] as number));
    return { leaves, lengths };
  });
  const { scale, offset } = normalization(combined, paths.map((p) => p.lengths), evaluator);
  const trees = terms.length;
  const sampleSize = sampleSizeFor(scale / trees);
  const expected = trees * averagePathLength(sampleSize);
  if (Math.abs(expected - scale) > 1e-6 * scale) throw new NotUnderstood(`the path lengths are divided by ${scale}, not by ${trees} trees × c(ψ) for any sample size ψ`);
  return { model: assemble(terms, paths, offset / trees, width, sampleSize), trees, sampleSize };
}

/** The trees summed in `tensor`, each with its path length function. */
function termsOf(tensor: string, graph: OnnxGraph, evaluator: GraphEvaluator, input: string, width: number): Term[] {
  const node = graph.producers.get(tensor);
  if (node && isTreeEnsemble(node)) {
    // The ensemble's output is the sum itself: each tree's leaf value is its path length.
    const ensemble = readTreeEnsemble(node);
    if (ensemble.trees.length > 1 && ensemble.aggregate !== 'SUM') throw new NotUnderstood(`tree ensemble ${node.name} combines its trees with ${ensemble.aggregate}`);
    const columns = columnsOf(node, graph, input, width);
    // base_values is added once to the sum: a share of it to each tree's leaves.
    const share = ensemble.base / ensemble.trees.length;
    return ensemble.trees.map((tree) => ({ tree, columns, pathOf: (values) => values.map((v) => v + share) }));
  }
  const sources = evaluator.sources(tensor);
  if (sources.size === 1) {
    const source = [...sources][0] as string;
    const ensembleNode = graph.producers.get(source);
    if (ensembleNode === undefined || !isTreeEnsemble(ensembleNode)) throw new NotUnderstood(`${OUTPUT} depends on the input other than through trees`);
    const ensemble = readTreeEnsemble(ensembleNode);
    if (ensemble.trees.length !== 1) throw new NotUnderstood(`the outputs of tree ensemble ${ensembleNode.name} (${ensemble.trees.length} trees) are transformed before they are summed`);
    const columns = columnsOf(ensembleNode, graph, input, width);
    const pathOf = (values: Float64Array) => evaluator.evaluate(tensor, new Map([[source, values.map((v) => v + ensemble.base)]]), values.length);
    return [{ tree: ensemble.trees[0] as EnsembleTree, columns, pathOf }];
  }
  if (node === undefined || node.domain !== '' || (node.opType !== 'Sum' && node.opType !== 'Add')) {
    throw new NotUnderstood(`trees are combined by ${node ? node.opType : 'nothing'} rather than a sum`);
  }
  const parts = evaluator.rowInputs(node);
  const distinct = new Set(parts.flatMap((part) => [...evaluator.sources(part)]));
  if (parts.reduce((n, part) => n + evaluator.sources(part).size, 0) !== distinct.size) throw new NotUnderstood(`a tree enters the sum ${node.name} more than once`);
  return parts.flatMap((part) => termsOf(part, graph, evaluator, input, width));
}

/** How an ensemble's input columns map to the model's input: the input itself, or Gather of columns (axis 1). */
function columnsOf(ensemble: OnnxNode, graph: OnnxGraph, input: string, width: number): (column: number) => number {
  let tensor = ensemble.inputs[0] ?? '';
  let picked: Float64Array | undefined;
  for (;;) {
    if (tensor === input) break;
    const node = graph.producers.get(tensor);
    if (node === undefined) throw new NotUnderstood(`the input of tree ensemble ${ensemble.name} is not the model's input`);
    if (node.domain === '' && (node.opType === 'Cast' || node.opType === 'Identity')) {
      tensor = node.inputs[0] ?? '';
      continue;
    }
    const indices = graph.constants.get(node.inputs[1] ?? '');
    const axis = node.attributes.get('axis')?.i ?? 0;
    if (node.domain !== '' || node.opType !== 'Gather' || picked !== undefined || indices === undefined || axis !== 1) {
      throw new NotUnderstood(`the input of tree ensemble ${ensemble.name} goes through ${node.opType} ${node.name}`);
    }
    picked = indices.values;
    tensor = node.inputs[0] ?? '';
  }
  const columns = picked;
  return (column) => {
    const mapped = columns === undefined ? column : columns[column];
    if (mapped === undefined || !Number.isInteger(mapped) || mapped < 0 || mapped >= width) throw new NotUnderstood(`tree ensemble ${ensemble.name} splits on column ${column}, outside the ${width} features`);
    return mapped;
  };
}

/**
 * What the graph does to the sum x of the path lengths: scikit-learn's score_samples is −2^(−x / (T·c(ψ))).
 * Checked on values of x around the sums that occur, for −2^(−(x + offset) / scale).
 */
function normalization(combined: string, lengths: Float64Array[], evaluator: GraphEvaluator): { scale: number; offset: number } {
  let low = 0;
  let high = 0;
  for (const l of lengths) {
    low += Math.min(...l);
    high += Math.max(...l);
  }
  if (high <= low) high = low + 1;
  const xs = Float64Array.of(low, high, (2 * low + high) / 3, (low + 2 * high) / 3);
  const ys = evaluator.evaluate(OUTPUT, new Map([[combined, xs]]), xs.length);
  const exponents = Array.from(ys, (y) => -Math.log2(-y));
  if (exponents.some((e) => !Number.isFinite(e))) throw new NotUnderstood(`${OUTPUT} is not −2^(−x) of the trees' summed path lengths x`);
  const slope = ((exponents[1] as number) - (exponents[0] as number)) / (high - low);
  const intercept = (exponents[0] as number) - slope * low;
  const affine = exponents.every((e, i) => Math.abs(slope * (xs[i] as number) + intercept - e) <= 1e-9 * Math.max(1, Math.abs(e)));
  if (!affine || !(slope > 0)) throw new NotUnderstood(`${OUTPUT} is not −2^(−x / scale) of the trees' summed path lengths x`);
  return { scale: 1 / slope, offset: intercept / slope };
}

/** The sample size ψ whose c(ψ) is nearest `perTree` (c increases with ψ). */
function sampleSizeFor(perTree: number): number {
  let low = 1;
  let high = 2 ** 31;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (averagePathLength(middle) <= perTree) low = middle;
    else high = middle;
  }
  return Math.abs(averagePathLength(high) - perTree) < Math.abs(averagePathLength(low) - perTree) ? high : low;
}

/** The trees laid out as one ForestModel, each leaf's path length shifted by `shift` (the graph's constant, shared out). */
function assemble(terms: Term[], paths: { leaves: number[]; lengths: Float64Array }[], shift: number, width: number, sampleSize: number): ForestModel {
  const total = terms.reduce((n, term) => n + term.tree.feature.length, 0);
  const model = {
    features: width,
    sampleSize,
    roots: new Int32Array(terms.length),
    feature: new Int32Array(total),
    threshold: new Float64Array(total),
    left: new Int32Array(total),
    right: new Int32Array(total),
    leafPath: new Float64Array(total),
  };
  let first = 0;
  terms.forEach((term, t) => {
    const { tree, columns } = term;
    model.roots[t] = first;
    tree.feature.forEach((f, i) => {
      const at = first + i;
      model.feature[at] = f < 0 ? -1 : columns(f);
      model.threshold[at] = tree.threshold[i] as number;
      model.left[at] = f < 0 ? 0 : first + (tree.left[i] as number);
      model.right[at] = f < 0 ? 0 : first + (tree.right[i] as number);
    });
    const { leaves, lengths } = paths[t] as { leaves: number[]; lengths: Float64Array };
    leaves.forEach((leaf, k) => (model.leafPath[first + leaf] = (lengths[k] as number) + shift));
    first += tree.feature.length;
  });
  return model;
}
