/**
 * The complete-tree layout (complete-trees.ts) walked by a small WebAssembly module (forest-kernel.wat): the
 * rows ranked per feature, then every tree walked to its fixed depth, four rows side by side in a batch and
 * four trees side by side for the rows left over (a batch of one event). The same loop written in JavaScript
 * needed 1.3 times its time (1.6 for the walk alone), mostly in the bounds checks of its typed-array loads
 * (bench/RESULTS.md).
 *
 * Each layout gets an instance of its own, whose memory holds the layout and then the current batch; the
 * memory grows to the largest batch seen. Calls are synchronous, so one batch area per layout is enough.
 */
import { completeForest, type CompleteForest } from './complete-trees.js';
import type { ForestModel } from './forest-model.js';
import { FOREST_KERNEL_WASM } from './forest-kernel-wasm.js';
import { creditStride } from './leaf-credits.js';

interface KernelExports {
  readonly memory: WebAssembly.Memory;
  init(trees: number, depth: number, width: number, stride: number, shift: number, span: number, nodes: number, leafValues: number, leafNodes: number, cuts: number): void;
  rank(rows: number, count: number, ranks: number): void;
  walkGroups(ranks: number, groups: number, count: number, out: number, sum: number): void;
  walkRow(ranks: number, row: number, count: number, out: number, sum: number): number;
  initCredits(credits: number, stride: number, leafPaths: number): void;
  credit(reached: number, count: number, out: number, credit: number): void;
}

const PAGE = 64 * 1024;
/** Up to this many values, rows are copied into the kernel's memory in a loop. */
const SMALL_COPY = 64;
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
  /** Feature credits per row for explanations (leaf-credits.ts's stride). */
  private readonly creditStride: number;
  /** Where the batch area starts: after the layout (and the credit table, once explanations were asked for). */
  private batchAt: number;
  private creditsLoaded = false;
  /** Rows the batch area has room for. */
  private capacity = 0;
  private rowsAt = 0;
  private ranksAt = 0;
  /** Results: a sum per row (f64) or a leaf per tree and row (i32). */
  private outAt = 0;
  /** For explanations, after the leaves: each row's path length (f64), then its feature credits (f64). */
  private pathsAt = 0;
  private creditsAt = 0;
  private rows: Float64Array | undefined;

  constructor(forest: CompleteForest) {
    this.kernel = new WebAssembly.Instance(kernelModule()).exports as unknown as KernelExports;
    this.width = forest.width;
    this.trees = forest.trees;
    this.creditStride = creditStride(forest.width);
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
    if (groups > 0) {
      const sums = new Float64Array(this.kernel.memory.buffer, this.outAt, groups);
      sums.set(out.subarray(0, groups));
      this.kernel.walkGroups(this.ranksAt, groups, count, this.outAt, SUM);
      out.set(sums);
    }
    // The rows left over (all of a batch of one event) need no copies: each sum comes back as the result.
    for (let r = groups; r < count; r++) out[r] = (out[r] as number) + this.kernel.walkRow(this.ranksAt, r, count, 0, SUM);
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

  /**
   * For explanations: each of `count` rows' path lengths summed over the trees into `paths`, and each
   * feature's credit summed likewise into `credits` (`creditStride` per row), from the model's per-node
   * credit table and path lengths (leaf-credits.ts), copied into the kernel's memory on the first call.
   */
  scoreAndCredit(rows: ArrayLike<number>, count: number, table: Float32Array, leafPath: Float64Array, paths: Float64Array, credits: Float64Array): void {
    if (count === 0) return;
    if (!this.creditsLoaded) this.loadCredits(table, leafPath);
    this.rank(rows, count);
    const groups = count - (count % 4);
    if (groups > 0) this.kernel.walkGroups(this.ranksAt, groups, count, this.outAt, REACH);
    for (let r = groups; r < count; r++) this.kernel.walkRow(this.ranksAt, r, count, this.outAt, REACH);
    this.kernel.credit(this.outAt, count, this.pathsAt, this.creditsAt);
    const buffer = this.kernel.memory.buffer;
    paths.set(new Float64Array(buffer, this.pathsAt, count));
    credits.set(new Float64Array(buffer, this.creditsAt, count * this.creditStride));
  }

  /** Places the credit table and path lengths after the layout; the batch area moves behind them. */
  private loadCredits(table: Float32Array, leafPath: Float64Array): void {
    const tableAt = this.batchAt;
    const pathsAt = align8(tableAt + table.byteLength);
    this.batchAt = pathsAt + leafPath.byteLength;
    this.capacity = 0;
    this.grow(this.batchAt);
    const buffer = this.kernel.memory.buffer;
    new Float32Array(buffer, tableAt, table.length).set(table);
    new Float64Array(buffer, pathsAt, leafPath.length).set(leafPath);
    this.kernel.initCredits(tableAt, this.creditStride, pathsAt);
    this.creditsLoaded = true;
  }

  /** Copies the rows in and ranks them; room for the results follows the ranks. */
  private rank(rows: ArrayLike<number>, count: number): void {
    this.reserve(count);
    const values = count * this.width;
    const target = this.rowsView();
    // A few values are copied one by one: a subarray to copy from would cost more than they do.
    if (values > SMALL_COPY && rows instanceof Float64Array) target.set(rows.subarray(0, values));
    else for (let i = 0; i < values; i++) target[i] = rows[i] as number;
    this.kernel.rank(this.rowsAt, count, this.ranksAt);
  }

  /** The batch area's rows as a view, made again when the area moved or grew (growing detaches the old one). */
  private rowsView(): Float64Array {
    const buffer = this.kernel.memory.buffer;
    if (this.rows === undefined || this.rows.buffer !== buffer) {
      this.rows = new Float64Array(buffer, this.rowsAt, this.capacity * this.width);
    }
    return this.rows;
  }

  private reserve(count: number): void {
    if (count <= this.capacity) return;
    const rowsAt = this.batchAt;
    const ranksAt = rowsAt + count * this.width * 8;
    const outAt = align8(ranksAt + count * this.width * 4);
    const pathsAt = align8(outAt + count * Math.max(8, 4 * this.trees));
    const creditsAt = pathsAt + count * 8;
    this.grow(creditsAt + count * this.creditStride * 8);
    this.capacity = count;
    this.rows = undefined;
    this.rowsAt = rowsAt;
    this.ranksAt = ranksAt;
    this.outAt = outAt;
    this.pathsAt = pathsAt;
    this.creditsAt = creditsAt;
  }

  private grow(bytes: number): void {
    const have = this.kernel.memory.buffer.byteLength;
    if (bytes > have) this.kernel.memory.grow(Math.ceil((bytes - have) / PAGE));
  }
}

const kernels = new WeakMap<CompleteForest, ForestKernel | null>();

/**
 * The kernel of `forest`, instantiated once per layout; undefined where WebAssembly is unavailable (Node.js
 * run with --jitless) or its memory cannot be had, where the caller falls back to the node walk.
 */
export function forestKernel(forest: CompleteForest): ForestKernel | undefined {
  let kernel = kernels.get(forest);
  if (kernel === undefined) {
    kernel = typeof WebAssembly === 'object' ? instantiate(forest) : null;
    kernels.set(forest, kernel);
  }
  return kernel ?? undefined;
}

/** The kernel of `model`'s complete-tree layout; undefined where the node walk scores it (see forestKernel). */
export function kernelFor(model: ForestModel): ForestKernel | undefined {
  const layout = completeForest(model);
  return layout === undefined ? undefined : forestKernel(layout);
}

function instantiate(forest: CompleteForest): ForestKernel | null {
  try {
    return new ForestKernel(forest);
  } catch {
    // A process limited in address space (ulimit -v) may be refused a WebAssembly memory: score slower, not fail.
    return null;
  }
}
