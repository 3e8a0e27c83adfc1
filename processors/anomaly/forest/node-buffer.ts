/** Growable storage for the nodes of a forest being fitted, trimmed to size by finish(). */
import type { ForestModel } from './forest-model.js';

export class NodeBuffer {
  private size = 0;
  private feature: Int32Array;
  private threshold: Float64Array;
  private left: Int32Array;
  private right: Int32Array;
  private leafPath: Float64Array;

  /** `capacity`: the most nodes expected; sized right, nothing is copied while growing. */
  constructor(capacity = 1024) {
    this.feature = new Int32Array(capacity);
    this.threshold = new Float64Array(capacity);
    this.left = new Int32Array(capacity);
    this.right = new Int32Array(capacity);
    this.leafPath = new Float64Array(capacity);
  }

  add(): number {
    if (this.size === this.feature.length) this.grow();
    this.feature[this.size] = -1;
    return this.size++;
  }

  leaf(node: number, pathLength: number): void {
    this.feature[node] = -1;
    this.leafPath[node] = pathLength;
  }

  split(node: number, feature: number, threshold: number, left: number, right: number): void {
    this.feature[node] = feature;
    this.threshold[node] = threshold;
    this.left[node] = left;
    this.right[node] = right;
  }

  /**
   * The nodes, as views of the buffers (no copy): the training worker transfers these buffers to the main
   * thread whole, so that nothing of a fit stays behind in the worker's heap.
   */
  finish(): Pick<ForestModel, 'feature' | 'threshold' | 'left' | 'right' | 'leafPath'> {
    return {
      feature: this.feature.subarray(0, this.size),
      threshold: this.threshold.subarray(0, this.size),
      left: this.left.subarray(0, this.size),
      right: this.right.subarray(0, this.size),
      leafPath: this.leafPath.subarray(0, this.size),
    };
  }

  private grow(): void {
    const n = Math.max(1024, this.feature.length * 2);
    const copy = <T extends Int32Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.feature = copy(this.feature, (k) => new Int32Array(k));
    this.threshold = copy(this.threshold, (k) => new Float64Array(k));
    this.left = copy(this.left, (k) => new Int32Array(k));
    this.right = copy(this.right, (k) => new Int32Array(k));
    this.leafPath = copy(this.leafPath, (k) => new Float64Array(k));
  }
}
