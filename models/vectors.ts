/** Vector arithmetic on unit-length embeddings, kept apart from model loading so the main thread never loads the runtime. */

/** Cosine similarity of two unit vectors (their dot product). */
export function cosine(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] as number) * (b[i] as number);
  return sum;
}

/** The normalized mean of unit vectors: the direction they share (a label prototype, a text's centre). */
export function meanDirection(vectors: Float32Array[]): Float32Array {
  const mean = new Float32Array((vectors[0] as Float32Array).length);
  for (const v of vectors) for (let i = 0; i < v.length; i++) mean[i] = (mean[i] ?? 0) + (v[i] ?? 0);
  const norm = Math.sqrt(mean.reduce((sum, x) => sum + x * x, 0)) || 1;
  return mean.map((x) => x / norm);
}

/** The plain mean of vectors (not normalized). */
export function meanVector(vectors: readonly Float32Array[]): Float32Array {
  const mean = new Float32Array((vectors[0] as Float32Array).length);
  for (const v of vectors) for (let i = 0; i < v.length; i++) mean[i] = (mean[i] ?? 0) + (v[i] ?? 0) / vectors.length;
  return mean;
}

/** `vector - centre`, scaled to unit length (left at zero when they are equal). */
export function centeredDirection(vector: Float32Array, centre: Float32Array): Float32Array {
  const out = new Float32Array(vector.length);
  let norm = 0;
  for (let i = 0; i < vector.length; i++) {
    const x = (vector[i] ?? 0) - (centre[i] ?? 0);
    out[i] = x;
    norm += x * x;
  }
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) / norm;
  return out;
}

/**
 * The unit-length mean of `rows` consecutive vectors of `width` numbers in `data` (a text's token states,
 * row after row): mean pooling for a text run alone, where every token counts (no padding to mask).
 */
export function meanPooledDirection(data: Float32Array, rows: number, width: number): Float32Array {
  const out = new Float32Array(width);
  for (let row = 0; row < rows; row++) {
    const offset = row * width;
    for (let i = 0; i < width; i++) out[i] = (out[i] as number) + (data[offset + i] as number);
  }
  let norm = 0;
  for (let i = 0; i < width; i++) norm += (out[i] as number) * (out[i] as number);
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < width; i++) out[i] = (out[i] as number) / norm;
  return out;
}
