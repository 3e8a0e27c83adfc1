/**
 * L2-regularised logistic regression, one label against the rest: the ticket tagger's linear head (dense
 * embeddings) and http_threat's payload model (sparse hashed character n-grams).
 *
 * Written here rather than taken from a library: no linear-model package is among the dependencies, the
 * problems are small (tens to a few thousand rows of a few hundred numbers, or of a few hundred non-zero
 * hashed features) and the solver is a few dozen lines. It minimises, per label, ½‖w‖² + c·Σ sᵢ·log(1 + e^(−yᵢ(w·xᵢ + b))) (the intercept b is not
 * penalised; sᵢ weighs each class by half the rows over its count, so one label's handful of positives is
 * not drowned by the other labels' rows) with Newton's method, each step solved by conjugate gradients
 * (truncated Newton, as liblinear does): a Hessian-vector product costs two passes over the rows, and
 * about ten Newton steps reach the optimum to 1e-6 of the first gradient. Plain arithmetic in a fixed
 * order, so the same rows always give the same weights.
 */

export interface LinearModel {
  readonly weights: Float64Array;
  readonly bias: number;
}

export interface LogisticOptions {
  /** Inverse regularisation strength: larger fits the rows more closely. */
  readonly c: number;
  /** Weigh each class by half the rows over its count (scikit-learn's class_weight="balanced"). */
  readonly balanced: boolean;
  /** Stop when the gradient is this small relative to the first one (default 1e-6). */
  readonly tolerance?: number;
}

const MAX_NEWTON_STEPS = 50;
const MAX_CG_STEPS = 200;
const TOLERANCE = 1e-6;

const sigmoid = (m: number): number => (m >= 0 ? 1 / (1 + Math.exp(-m)) : Math.exp(m) / (1 + Math.exp(m)));
/** log(1 + e^(−m)) without overflow. */
const logLoss = (m: number): number => (m > 0 ? Math.log1p(Math.exp(-m)) : -m + Math.log1p(Math.exp(m)));

/**
 * The rows as the solver reads them: w·xᵢ and out += f·xᵢ are all it needs, so dense rows and sparse ones
 * share the solver.
 */
interface Design {
  readonly rows: number;
  readonly columns: number;
  /** w·xᵢ over the first `columns` entries of w. */
  dotRow(w: Float64Array, i: number): number;
  /** out[j] += factor·xᵢⱼ. */
  addRow(out: Float64Array, i: number, factor: number): void;
}

function dot(a: Float64Array, b: Float64Array, length: number, offset = 0): number {
  let sum = 0;
  for (let i = 0; i < length; i++) sum += (a[i] as number) * (b[offset + i] as number);
  return sum;
}

/** Dense rows packed one after another in one array: every pass over them reads one typed array in order. */
function pack(rows: readonly Float32Array[]): Design {
  const columns = rows[0]?.length ?? 0;
  const data = new Float64Array(rows.length * columns);
  rows.forEach((row, i) => {
    if (row.length !== columns) throw new Error(`row ${i} has ${row.length} numbers, expected ${columns}`);
    data.set(row, i * columns);
  });
  return {
    rows: rows.length,
    columns,
    dotRow: (w, i) => dot(w, data, columns, i * columns),
    addRow: (out, i, factor) => {
      const offset = i * columns;
      for (let j = 0; j < columns; j++) out[j] = (out[j] as number) + factor * (data[offset + j] as number);
    },
  };
}

/**
 * Sparse rows in compressed-row form: row i's non-zero entries are `indexes[starts[i]…starts[i+1]-1]` with
 * the same positions in `values`. Columns may repeat within a row (hash collisions); they add up.
 */
export interface SparseRows {
  readonly starts: Uint32Array;
  readonly indexes: Uint32Array;
  readonly values: Float32Array;
  readonly columns: number;
}

function sparse({ starts, indexes, values, columns }: SparseRows): Design {
  return {
    rows: starts.length - 1,
    columns,
    dotRow: (w, i) => {
      let sum = 0;
      for (let k = starts[i] as number, end = starts[i + 1] as number; k < end; k++) sum += (w[indexes[k] as number] as number) * (values[k] as number);
      return sum;
    },
    addRow: (out, i, factor) => {
      for (let k = starts[i] as number, end = starts[i + 1] as number; k < end; k++) {
        const j = indexes[k] as number;
        out[j] = (out[j] as number) + factor * (values[k] as number);
      }
    },
  };
}

/** Fits one binary problem: `positive[i]` says whether row i has the label. */
export function fitLogistic(rows: readonly Float32Array[], positive: readonly boolean[], options: LogisticOptions): LinearModel {
  return fitDesign(pack(rows), positive, options);
}

/** Fits one binary problem on sparse rows (see SparseRows). */
export function fitLogisticSparse(rows: SparseRows, positive: readonly boolean[], options: LogisticOptions): LinearModel {
  return fitDesign(sparse(rows), positive, options);
}

function fitDesign(x: Design, positive: readonly boolean[], { c, balanced, tolerance = TOLERANCE }: LogisticOptions): LinearModel {
  const { rows: n, columns: d } = x;
  const positives = positive.filter(Boolean).length;
  if (positives === 0 || positives === n) throw new Error('logistic regression needs rows with and without the label');
  const y = Float64Array.from(positive, (p) => (p ? 1 : -1));
  // c times each row's class weight: the loss term's factor.
  const cs = Float64Array.from(positive, (p) => c * (balanced ? n / (2 * (p ? positives : n - positives)) : 1));
  // θ = (w, b): the last entry is the intercept.
  const theta = new Float64Array(d + 1);
  const curvature = new Float64Array(n);
  const gradient = new Float64Array(d + 1);
  /** w·xᵢ + b for θ = t. */
  const score = (t: Float64Array, i: number): number => x.dotRow(t, i) + (t[d] as number);
  /** out += factor · (xᵢ, 1). */
  const addRow = (out: Float64Array, i: number, factor: number): void => {
    x.addRow(out, i, factor);
    out[d] = (out[d] as number) + factor;
  };

  const objective = (t: Float64Array): number => {
    let sum = 0.5 * dot(t, t, d);
    for (let i = 0; i < n; i++) sum += (cs[i] as number) * logLoss((y[i] as number) * score(t, i));
    return sum;
  };
  /** Gradient at θ, and each row's curvature for the Hessian. */
  const differentiate = (): void => {
    gradient.set(theta.subarray(0, d));
    gradient[d] = 0;
    for (let i = 0; i < n; i++) {
      const s = sigmoid((y[i] as number) * score(theta, i));
      curvature[i] = (cs[i] as number) * s * (1 - s);
      addRow(gradient, i, (cs[i] as number) * (s - 1) * (y[i] as number));
    }
  };
  /** out = H·v, with H = diag(1…1, 0) + Σ curvatureᵢ·(xᵢ,1)(xᵢ,1)ᵀ. */
  const hessianTimes = (v: Float64Array, out: Float64Array): void => {
    out.set(v.subarray(0, d));
    out[d] = 0;
    for (let i = 0; i < n; i++) addRow(out, i, (curvature[i] as number) * score(v, i));
  };

  const step = new Float64Array(d + 1);
  const residual = new Float64Array(d + 1);
  const direction = new Float64Array(d + 1);
  const product = new Float64Array(d + 1);
  const trial = new Float64Array(d + 1);
  let firstNorm = -1;
  for (let iteration = 0; iteration < MAX_NEWTON_STEPS; iteration++) {
    differentiate();
    const norm = Math.sqrt(dot(gradient, gradient, d + 1));
    if (firstNorm < 0) firstNorm = norm;
    if (norm <= tolerance * Math.max(firstNorm, 1)) break;
    // Conjugate gradients on H·step = −gradient, to a tolerance that tightens as the optimum nears.
    step.fill(0);
    for (let j = 0; j <= d; j++) residual[j] = -(gradient[j] as number);
    direction.set(residual);
    let rr = dot(residual, residual, d + 1);
    const stopAt = Math.min(0.5, Math.sqrt(norm)) * norm;
    for (let k = 0; k < MAX_CG_STEPS && Math.sqrt(rr) > stopAt; k++) {
      hessianTimes(direction, product);
      const alpha = rr / dot(direction, product, d + 1);
      for (let j = 0; j <= d; j++) {
        step[j] = (step[j] as number) + alpha * (direction[j] as number);
        residual[j] = (residual[j] as number) - alpha * (product[j] as number);
      }
      const next = dot(residual, residual, d + 1);
      for (let j = 0; j <= d; j++) direction[j] = (residual[j] as number) + (next / rr) * (direction[j] as number);
      rr = next;
    }
    // Backtracking line search (Armijo): Newton's full step can overshoot far from the optimum.
    const current = objective(theta);
    const slope = dot(gradient, step, d + 1);
    let length = 1;
    for (let tries = 0; tries < 30; tries++, length /= 2) {
      for (let j = 0; j <= d; j++) trial[j] = (theta[j] as number) + length * (step[j] as number);
      if (objective(trial) <= current + 1e-4 * length * slope) break;
    }
    theta.set(trial);
  }
  return { weights: theta.slice(0, d), bias: theta[d] as number };
}

/** The model's probability that a row has the label. */
export function probability(model: LinearModel, row: Float32Array): number {
  let sum = model.bias;
  for (let i = 0; i < row.length; i++) sum += (model.weights[i] as number) * (row[i] as number);
  return sigmoid(sum);
}

/** One model per label: `labels[i]` holds the label indexes of row i (several for a row with several labels). */
export function fitOneVsRest(rows: readonly Float32Array[], labels: readonly (readonly number[])[], labelCount: number, options: LogisticOptions): LinearModel[] {
  const x = pack(rows);
  return Array.from({ length: labelCount }, (_, label) =>
    fitDesign(
      x,
      labels.map((of) => of.includes(label)),
      options,
    ),
  );
}
