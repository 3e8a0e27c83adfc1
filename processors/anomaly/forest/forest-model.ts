/**
 * A trained isolation forest. Trees are stored flat in typed arrays (one set for the whole forest) so that
 * scoring allocates nothing and the model goes to and from the training worker and to disk without
 * conversion.
 */
export interface ForestModel {
  readonly features: number;
  readonly sampleSize: number;
  /** Nodes of tree t start at roots[t]. */
  readonly roots: Int32Array;
  /** Split feature, or −1 for a leaf. */
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** For leaves: depth + c(points in the leaf). */
  readonly leafPath: Float64Array;
}
