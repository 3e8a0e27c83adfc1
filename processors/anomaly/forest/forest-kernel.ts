/**
 * The complete-tree layout (complete-trees.ts) walked by a small WebAssembly module (forest-kernel.wat): the
 * rows ranked per feature, then every tree walked to its fixed depth, four rows side by side in a batch and
 * four trees side by side for the rows left over (a batch of one event). The same loop written in JavaScript
 * needed 1.2–1.4 times its time, mostly in the bounds checks of its typed-array loads (bench/RESULTS.md).
 *
 * Each layout gets an instance of its own, whose memory holds the layout and then the current batch; the
 * memory grows to the largest batch seen. Calls are synchronous, so one batch area per layout is enough.
 */
import type { CompleteForest } from './complete-trees.js';
import { FOREST_KERNEL_WASM } from './forest-kernel-wasm.js';

interface KernelExports {
  readonly memory: WebAssembly.Memory;
  init(trees: number, depth: number, width: number, stride: number, shift: number, span: number, nodes: number, leafValues: number, leafNodes: number, cuts: number): void;
  rank(rows: number, count: number, ranks: number): void;
  walkGroups(ranks: number, groups: number, count: number, out: number, sum: number): void;
  walkRow(ranks: number, row: number, count: number, out: number, sum: number): number;
}

const PAGE = 64 * 1024;
const SUM = 1;
const REACH = 0;

let compiled: WebAssembly.Module | undefined;

/** Compiled once per thread; each layout instantiates it with a memory of its own. */
function kernelModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(Buffer.from(FOREST_KERNEL_WASM, 'base64'));
  return compiled;
}

const align8 = (bytes: number): number => Math.ceil(bytes / 8) * 8;

export class ForestKernel {
  private readonly kernel: KernelExports;
  private readonly width: number;
  private readonly trees: number;
  /** Where the batch area starts: after the layout. */
  private readonly batchAt: number;
  /** Rows the batch area has room for. */
  private capacity = 0;
  private rowsAt = 0;
  private ranksAt = 0;
  private outAt = 0;

  constructor(forest: CompleteForest) {
    this.kernel = new WebAssembly.Instance(kernelModule()).exports as unknown as KernelExports;
    this.width = forest.width;
    this.trees = forest.trees;
    const nodesAt = 0;
    const leafValuesAt = align8(forest.nodes.byteLength);
    const leafNodesAt = leafValuesAt + forest.leafValue.byteLength;
    const cutsAt = align8(leafNodesAt + forest.leafNode.byteLength);
    this.batchAt = cutsAt + forest.cuts.byteLength;
    this.grow(this.batchAt);
    const buffer = this.kernel.memory.buffer;
    new Int32Array(buffer, nodesAt, forest.nodes.length).set(forest.nodes);
    new Float64Array(buffer, leafValuesAt, forest.leafValue.length).set(forest.leafValue);
    new Int32Array(buffer, leafNodesAt, forest.leafNode.length).set(forest.leafNode);
    new Float64Array(buffer, cutsAt, forest.cuts.length).set(forest.cuts);
    this.kernel.init(forest.trees, forest.depth, forest.width, forest.stride, forest.shift, forest.span, nodesAt, leafValuesAt, leafNodesAt, cutsAt);
  }

  /**
   * Adds to out[r] the path lengths each of `count` rows reaches, summed tree after tree (out starts at 0 for
   * a score: the sums are then the node walk's to the last bit).
   */
  sumPathLengths(rows: ArrayLike<number>, count: number, out: Float64Array): void {
    if (count === 0) return;
    this.rank(rows, count);
    const groups = count - (count % 4);
    const sums = new Float64Array(this.kernel.memory.buffer, this.outAt, count);
    sums.set(out.subarray(0, count));
    if (groups > 0) this.kernel.walkGroups(this.ranksAt, groups, count, this.outAt, SUM);
    for (let r = groups; r < count; r++) sums[r] = (sums[r] as number) + this.kernel.walkRow(this.ranksAt, r, count, 0, SUM);
    out.set(sums);
  }

  /** The leaf (the model's node) each of `count` rows reaches in every tree, into out[t × count + r]. */
  reachAllLeaves(rows: ArrayLike<number>, count: number, out: Int32Array): void {
    if (count === 0) return;
    this.rank(rows, count);
    const groups = count - (count % 4);
    if (groups > 0) this.kernel.walkGroups(this.ranksAt, groups, count, this.outAt, REACH);
    for (let r = groups; r < count; r++) this.kernel.walkRow(this.ranksAt, r, count, this.outAt, REACH);
    out.set(new Int32Array(this.kernel.memory.buffer, this.outAt, this.trees * count));
  }

  /** Copies the rows in and ranks them; room for the results follows the ranks. */
  private rank(rows: ArrayLike<number>, count: number): void {
    this.reserve(count);
    const values = count * this.width;
    const target = new Float64Array(this.kernel.memory.buffer, this.rowsAt, values);
    if (rows instanceof Float64Array) target.set(rows.subarray(0, values));
    else for (let i = 0; i < values; i++) target[i] = rows[i] as number;
    this.kernel.rank(this.rowsAt, count, this.ranksAt);
  }

  private reserve(count: number): void {
    if (count <= this.capacity) return;
    const rowsAt = this.batchAt;
    const ranksAt = rowsAt + count * this.width * 8;
    const outAt = align8(ranksAt + count * this.width * 4);
    // Results: a sum (f64) per row, or a leaf (i32) per tree and row.
    this.grow(outAt + count * Math.max(8, 4 * this.trees));
    this.capacity = count;
    this.rowsAt = rowsAt;
    this.ranksAt = ranksAt;
    this.outAt = outAt;
  }

  private grow(bytes: number): void {
    const have = this.kernel.memory.buffer.byteLength;
    if (bytes > have) this.kernel.memory.grow(Math.ceil((bytes - have) / PAGE));
  }
}

const kernels = new WeakMap<CompleteForest, ForestKernel | null>();

/**
 * The kernel of `forest`, instantiated once per layout; undefined where WebAssembly is unavailable (Node.js
 * run with --jitless), where the caller falls back to the node walk.
 */
export function forestKernel(forest: CompleteForest): ForestKernel | undefined {
  let kernel = kernels.get(forest);
  if (kernel === undefined) {
    kernel = typeof WebAssembly === 'object' ? new ForestKernel(forest) : null;
    kernels.set(forest, kernel);
  }
  return kernel ?? undefined;
}
