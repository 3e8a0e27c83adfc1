/** Growable storage for the nodes of a forest being fitted, trimmed to size by finish(). */
import type { ForestModel } from './forest-model.js';

export class NodeBuffer {
  private size = 0;
  private feature = new Int32Array(1024);
  private threshold = new Float64Array(1024);
  private left = new Int32Array(1024);
  private right = new Int32Array(1024);
  private leafPath = new Float64Array(1024);

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

  finish(): Pick<ForestModel, 'feature' | 'threshold' | 'left' | 'right' | 'leafPath'> {
    return {
      feature: this.feature.slice(0, this.size),
      threshold: this.threshold.slice(0, this.size),
      left: this.left.slice(0, this.size),
      right: this.right.slice(0, this.size),
      leafPath: this.leafPath.slice(0, this.size),
    };
  }

  private grow(): void {
    const n = this.feature.length * 2;
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
