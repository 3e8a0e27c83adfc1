import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { averagePathLength } from '../path-length.js';
import { scoreBatch } from '../scoring.js';
import { NotUnderstood } from './evaluate.js';
import { readOnnxGraph, type OnnxGraph } from './graph.js';
import { readOnnxForest } from './read-forest.js';

const fixtures = path.resolve(import.meta.dirname, '../../../../test/fixtures/anomaly');
interface Variant {
  name: string;
  file: string;
  columns: number[];
  pipeline: boolean;
  trees: number;
  sample_size: number;
  score_samples: number[];
}
const reference = JSON.parse(readFileSync(path.join(fixtures, 'reference.json'), 'utf8')) as {
  test: number[][];
  onnx: { file: string; rows: number; score_samples: number[] };
  variants: Variant[];
};
const graphOf = (file: string) => readOnnxGraph(readFileSync(path.join(fixtures, file)));
const rowsOf = (columns: number[], count: number) => Float64Array.from(reference.test.slice(0, count).flatMap((row) => columns.map((c) => row[c] as number)));

const sklearn: Variant = { name: 'sklearn-iforest', file: reference.onnx.file, columns: [0, 1, 2, 3, 4, 5], pipeline: false, trees: 25, sample_size: 64, score_samples: reference.onnx.score_samples };
const forests = [sklearn, ...reference.variants.filter((v) => !v.pipeline)];

describe('reading scikit-learn isolation forests from ONNX', () => {
  it.each(forests)('$name: finds the trees and ψ, and scores like scikit-learn score_samples (|error| < 1e-5)', ({ file, columns, trees, sample_size, score_samples }) => {
    const read = readOnnxForest(graphOf(file), columns.length);
    expect(read.trees).toBe(trees);
    expect(read.sampleSize).toBe(sample_size);
    const count = score_samples.length;
    const scores = new Float64Array(count);
    scoreBatch(read.model, rowsOf(columns, count), count, scores);
    const worst = Math.max(...score_samples.map((expected, i) => Math.abs(-(scores[i] as number) - expected)));
    expect(worst).toBeLessThan(1e-5);
  });

  it('gives every leaf depth + c(n) with n its training points, as scikit-learn counts path lengths', () => {
    const { model } = readOnnxForest(graphOf(reference.onnx.file), 6);
    // Depth of every node from its tree's root.
    const depth = new Int32Array(model.feature.length).fill(-1);
    for (const root of model.roots) depth[root] = 0;
    model.feature.forEach((f, node) => {
      if (f < 0) return;
      depth[model.left[node] as number] = (depth[node] as number) + 1;
      depth[model.right[node] as number] = (depth[node] as number) + 1;
    });
    const corrections = Array.from({ length: 65 }, (_, n) => averagePathLength(n));
    model.feature.forEach((f, node) => {
      if (f >= 0) return;
      const correction = (model.leafPath[node] as number) - (depth[node] as number);
      expect(corrections.some((c) => Math.abs(c - correction) < 1e-6), `leaf ${node}: path ${model.leafPath[node]} at depth ${depth[node]}`).toBe(true);
    });
  });

  it('maps the columns each tree gathers (max_features < 1) to the model input', () => {
    const variant = reference.variants.find((v) => v.name === 'iforest-max-features') as Variant;
    const graph = graphOf(variant.file);
    const gathered = graph.nodes.filter((n) => n.opType === 'Gather').map((n) => Array.from(graph.constants.get(n.inputs[1] as string)?.values ?? []));
    expect(gathered.every((columns) => columns.length === 3)).toBe(true);
    const { model } = readOnnxForest(graph, 6);
    const used = model.roots.length > 0 ? splitFeatures(model.feature, model.left, model.right, model.roots[0] as number) : new Set<number>();
    expect([...used].every((f) => (gathered[0] as number[]).includes(f))).toBe(true);
  });

  it('does not understand a pipeline with a scaler in front of the forest', () => {
    const variant = reference.variants.find((v) => v.pipeline) as Variant;
    expect(() => readOnnxForest(graphOf(variant.file), variant.columns.length)).toThrow(/goes through Scaler/);
  });

  const mutations: [string, (graph: OnnxGraph) => void, RegExp][] = [
    ['score_samples is not negative', (g) => renameOp(g, 'score_samples', 'Abs'), /is not −2\^\(−x\)/],
    ['the sum is scaled by something else than T·c(ψ)', (g) => scaleConstant(g, 'dec_Divcst', 1.01), /divided by .* not by 25 trees × c\(ψ\)/],
    ['trees combined by Max', (g) => renameOp(g, 'dec_sum0', 'Max'), /combined by Max rather than a sum/],
    ['an operator the reader does not know', (g) => renameOp(g, 'eqp_log0_output0', 'Sin'), /operator Sin/],
    ['Gather along rows', (g) => setAxis(g, 0), /goes through Gather/],
    ['equality splits', (g) => setModes(g, 'BRANCH_EQ'), /has BRANCH_EQ splits/],
    ['double input', (g) => ((g.inputs[0] as { elemType: number }).elemType = 11), /not float/],
  ];
  it.each(mutations)('reports a graph it does not understand: %s', (_, mutate, reason) => {
    const graph = graphOf(reference.onnx.file);
    mutate(graph);
    expect(() => readOnnxForest(graph, 6)).toThrow(NotUnderstood);
    expect(() => readOnnxForest(graph, 6)).toThrow(reason);
  });

  it('fails on bytes that are not an ONNX model', () => {
    expect(() => readOnnxGraph(Buffer.from('not a model at all, just text'))).toThrow();
  });
});

function splitFeatures(feature: Int32Array, left: Int32Array, right: Int32Array, root: number): Set<number> {
  const used = new Set<number>();
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop() as number;
    const f = feature[node] as number;
    if (f < 0) continue;
    used.add(f);
    stack.push(left[node] as number, right[node] as number);
  }
  return used;
}

function renameOp(graph: OnnxGraph, output: string, opType: string): void {
  const node = graph.producers.get(output);
  if (!node) throw new Error(`no producer of ${output}`);
  node.opType = opType;
}

function scaleConstant(graph: OnnxGraph, name: string, factor: number): void {
  const constant = graph.constants.get(name);
  if (!constant) throw new Error(`no constant ${name}`);
  constant.values = constant.values.map((v) => v * factor);
}

function setAxis(graph: OnnxGraph, axis: number): void {
  for (const node of graph.nodes) if (node.opType === 'Gather') node.attributes.set('axis', { name: 'axis', i: axis, floats: [], ints: [], strings: [] });
}

function setModes(graph: OnnxGraph, mode: string): void {
  for (const node of graph.nodes) {
    const modes = node.attributes.get('nodes_modes');
    if (modes) modes.strings = modes.strings.map((m) => (Buffer.from(m).toString() === 'LEAF' ? m : Buffer.from(mode)));
  }
}
