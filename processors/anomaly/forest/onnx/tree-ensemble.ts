/**
 * The trees of an `ai.onnx.ml` TreeEnsembleRegressor node (as skl2onnx writes them, and export_forest.py):
 * per tree, its nodes in depth-first order from the root (children after their parent, as the agent's
 * forest stores them), splits turned into "x <= threshold goes left" on the float64 rows the agent scores
 * (float32-splits.ts), and each leaf's target weight.
 */
import { attr, type OnnxNode } from './graph.js';
import { NotUnderstood } from './evaluate.js';
import { float32Split, previousFloat32 } from './float32-splits.js';

export interface EnsembleTree {
  /** Per node: the ensemble input column it splits on, or −1 for a leaf. */
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  /** Per leaf: the tree's share of the ensemble's output for a row reaching it (0 for split nodes). */
  value: number[];
}

interface Ensemble {
  trees: EnsembleTree[];
  /** How trees combine: the reader follows SUM (and one tree, for which every aggregate is the same). */
  aggregate: string;
  /** Added once to the combined output (base_values). */
  base: number;
}

/** Reads the trees; throws NotUnderstood for an ensemble it cannot turn into the agent's splits. */
export function readTreeEnsemble(node: OnnxNode): Ensemble {
  if (node.opType !== 'TreeEnsembleRegressor') throw new NotUnderstood(`${node.opType} (${node.name}): only TreeEnsembleRegressor is read`);
  const postTransform = attr.string(node, 'post_transform', 'NONE');
  if (postTransform !== 'NONE') throw new NotUnderstood(`tree ensemble ${node.name} has post_transform ${postTransform}`);
  if (attr.int(node, 'n_targets', 1) !== 1) throw new NotUnderstood(`tree ensemble ${node.name} has several targets`);
  if (node.attributes.has('nodes_values_as_tensor') || node.attributes.has('target_weights_as_tensor')) throw new NotUnderstood(`tree ensemble ${node.name} has double thresholds`);
  const treeIds = attr.ints(node, 'nodes_treeids');
  const nodeIds = attr.ints(node, 'nodes_nodeids');
  const featureIds = attr.ints(node, 'nodes_featureids');
  const modes = attr.strings(node, 'nodes_modes');
  const values = attr.floats(node, 'nodes_values');
  const trueIds = attr.ints(node, 'nodes_truenodeids');
  const falseIds = attr.ints(node, 'nodes_falsenodeids');
  const n = nodeIds.length;
  if ([treeIds, featureIds, modes, values, trueIds, falseIds].some((a) => a.length !== n)) throw new NotUnderstood(`tree ensemble ${node.name}: node attributes differ in length`);
  const base = attr.floats(node, 'base_values')[0] ?? 0;

  // Position of each (tree, node id) in the attribute lists.
  const at = new Map<string, number>();
  for (let i = 0; i < n; i++) at.set(`${treeIds[i]}:${nodeIds[i]}`, i);
  const treeOrder = [...new Set(treeIds)];
  const leafValue = new Float64Array(n);
  const targetTrees = attr.ints(node, 'target_treeids');
  const targetNodes = attr.ints(node, 'target_nodeids');
  const weights = attr.floats(node, 'target_weights');
  for (let k = 0; k < targetNodes.length; k++) {
    const i = at.get(`${targetTrees[k]}:${targetNodes[k]}`);
    if (i === undefined) throw new NotUnderstood(`tree ensemble ${node.name}: a target names node ${targetNodes[k]} of tree ${targetTrees[k]}, which does not exist`);
    leafValue[i] = (leafValue[i] as number) + (weights[k] ?? 0);
  }

  const trees = treeOrder.map((tree) => {
    const referenced = new Set<number>();
    const own: number[] = [];
    for (let i = 0; i < n; i++) {
      if (treeIds[i] !== tree) continue;
      own.push(i);
      if (modes[i] !== 'LEAF') referenced.add(trueIds[i] as number).add(falseIds[i] as number);
    }
    const roots = own.filter((i) => !referenced.has(nodeIds[i] as number));
    if (roots.length !== 1) throw new NotUnderstood(`tree ${tree} of ${node.name} has ${roots.length} roots`);
    const out: EnsembleTree = { feature: [], threshold: [], left: [], right: [], value: [] };
    // Depth-first, iteratively: each entry is an attribute position and the slot to fill in its parent.
    const stack: [number, number, 'left' | 'right' | undefined][] = [[roots[0] as number, -1, undefined]];
    let visited = 0;
    while (stack.length > 0) {
      const [i, parent, side] = stack.pop() as [number, number, 'left' | 'right' | undefined];
      if (++visited > own.length) throw new NotUnderstood(`tree ${tree} of ${node.name} is not a tree (a node is reached twice)`);
      const index = out.feature.length;
      if (parent >= 0 && side) out[side][parent] = index;
      const mode = modes[i] as string;
      if (mode === 'LEAF') {
        out.feature.push(-1);
        out.threshold.push(0);
        out.left.push(0);
        out.right.push(0);
        out.value.push(leafValue[i] as number);
        continue;
      }
      out.feature.push(featureIds[i] as number);
      out.threshold.push(splitOf(mode, values[i] as number, node));
      out.left.push(0);
      out.right.push(0);
      out.value.push(0);
      const child = (id: number) => {
        const position = at.get(`${tree}:${id}`);
        if (position === undefined) throw new NotUnderstood(`tree ${tree} of ${node.name} refers to node ${id}, which does not exist`);
        return position;
      };
      // Right pushed first so the left subtree is numbered first, as the agent's own trees are.
      stack.push([child(falseIds[i] as number), index, 'right'], [child(trueIds[i] as number), index, 'left']);
    }
    return out;
  });
  return { trees, aggregate: attr.string(node, 'aggregate_function', 'SUM'), base };
}

/** "x <= threshold goes left" for a float32 split (the true branch is left). */
function splitOf(mode: string, value: number, node: OnnxNode): number {
  if (!Number.isFinite(value)) throw new NotUnderstood(`tree ensemble ${node.name} has a threshold of ${value}`);
  if (mode === 'BRANCH_LEQ') return float32Split(value);
  // x < v ⇔ x <= the float32 just below v, for float32 x.
  if (mode === 'BRANCH_LT') return float32Split(previousFloat32(value));
  throw new NotUnderstood(`tree ensemble ${node.name} has ${mode} splits`);
}
