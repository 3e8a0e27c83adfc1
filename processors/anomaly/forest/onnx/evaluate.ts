/**
 * Evaluates the arithmetic of an ONNX graph between its tree ensembles and an output, for many values at
 * once: every tensor is one number per row (per leaf of a tree, or per probe value), constants are single
 * numbers. This is how the reader learns what a graph does with each leaf (scikit-learn's c(n) correction,
 * path lengths, the final 2^−x) without assuming a particular arrangement of operators: it runs them. Only
 * element-wise operators are known; anything else (a reduction over features, a preprocessing step on the
 * input) makes the graph "not understood", and the model is then scored by onnxruntime alone.
 */
import { attr, DataType, type OnnxGraph, type OnnxNode } from './graph.js';

/** The graph does something the reader does not follow; the message says what. */
export class NotUnderstood extends Error {}

/** Tree ensembles: their outputs are what the evaluated tensors depend on. */
export const isTreeEnsemble = (node: OnnxNode) => node.domain === 'ai.onnx.ml' && (node.opType === 'TreeEnsembleRegressor' || node.opType === 'TreeEnsemble');

type Values = Float64Array;

const unary: Record<string, (x: number) => number> = {
  Identity: (x) => x,
  Neg: (x) => -x,
  Abs: Math.abs,
  Log: Math.log,
  Exp: Math.exp,
  Sqrt: Math.sqrt,
  Reciprocal: (x) => 1 / x,
  Floor: Math.floor,
  Ceil: Math.ceil,
};
const binary: Record<string, (a: number, b: number) => number> = {
  Add: (a, b) => a + b,
  Sub: (a, b) => a - b,
  Mul: (a, b) => a * b,
  Div: (a, b) => a / b,
  Pow: (a, b) => a ** b,
  Equal: (a, b) => +(a === b),
  Greater: (a, b) => +(a > b),
  Less: (a, b) => +(a < b),
  GreaterOrEqual: (a, b) => +(a >= b),
  LessOrEqual: (a, b) => +(a <= b),
};
const variadic: Record<string, (a: number, b: number) => number> = { Sum: (a, b) => a + b, Max: Math.max, Min: Math.min };

export class GraphEvaluator {
  private readonly sourceCache = new Map<string, ReadonlySet<string>>();

  constructor(private readonly graph: OnnxGraph) {}

  /** Whether `tensor` is a constant (an initializer or a Constant node). */
  private isConstant(tensor: string): boolean {
    return this.graph.constants.has(tensor);
  }

  /**
   * The tree-ensemble outputs and graph inputs `tensor` depends on (through any operators). Empty for a
   * constant or an optional input left out ('').
   */
  sources(tensor: string): ReadonlySet<string> {
    let found = this.sourceCache.get(tensor);
    if (found) return found;
    const node = this.graph.producers.get(tensor);
    if (tensor === '' || this.isConstant(tensor)) found = new Set();
    else if (node === undefined || isTreeEnsemble(node)) found = new Set([tensor]);
    else found = new Set(node.inputs.flatMap((input) => [...this.sources(input)]));
    this.sourceCache.set(tensor, found);
    return found;
  }

  /** The inputs of `node` that depend on rows (not constants, not shapes). */
  rowInputs(node: OnnxNode): string[] {
    const inputs = node.opType === 'Reshape' ? node.inputs.slice(0, 1) : node.inputs;
    return inputs.filter((input) => this.sources(input).size > 0);
  }

  /**
   * `target` as a function of the tensors in `bound` (each `count` values, or one); throws NotUnderstood when
   * it depends on anything else, or goes through an operator not known here.
   */
  evaluate(target: string, bound: ReadonlyMap<string, Values>, count: number): Values {
    const memo = new Map<string, Values>(bound);
    const visit = (tensor: string): Values => {
      const known = memo.get(tensor);
      if (known) return known;
      const constant = this.graph.constants.get(tensor);
      let value: Values;
      if (constant) {
        if (constant.values.length !== 1) throw new NotUnderstood(`constant ${tensor} has ${constant.values.length} values where one per row was expected`);
        value = constant.values;
      } else {
        const node = this.graph.producers.get(tensor);
        if (node === undefined) throw new NotUnderstood(`${tensor} depends on the input other than through the trees`);
        if (isTreeEnsemble(node)) throw new NotUnderstood(`${tensor} mixes the outputs of several tree ensembles`);
        value = this.apply(node, node.outputs.indexOf(tensor), visit, count);
      }
      memo.set(tensor, value);
      return value;
    };
    return broadcast(visit(target), count);
  }

  private apply(node: OnnxNode, output: number, visit: (tensor: string) => Values, count: number): Values {
    const op = node.opType;
    if (output !== 0) throw new NotUnderstood(`output ${output} of ${op} ${node.name}`);
    const inputs = () => node.inputs.filter((i) => i !== '').map(visit);
    if (node.domain === 'ai.onnx.ml' && op === 'LabelEncoder') return labelEncode(node, visit(node.inputs[0] ?? ''));
    if (node.domain !== '') throw new NotUnderstood(`operator ${node.domain}.${op} (${node.name})`);
    const one = unary[op];
    if (one) return map1(visit(node.inputs[0] ?? ''), one);
    const two = binary[op];
    if (two) {
      const [a, b] = inputs() as [Values, Values];
      return map2(a, b, two, count);
    }
    const many = variadic[op];
    if (many) return inputs().reduce((a, b) => map2(a, b, many, count));
    if (op === 'Cast') return map1(visit(node.inputs[0] ?? ''), castTo(attr.int(node, 'to', 0), node));
    if (op === 'Reshape') {
      // Per-row values stay per-row only when the new shape keeps one value per row ([-1], [-1, 1], ...).
      const shape = this.graph.constants.get(node.inputs[1] ?? '');
      if (!shape || shape.values.filter((d) => d === -1).length !== 1 || shape.values.some((d) => d !== -1 && d !== 1)) throw new NotUnderstood(`Reshape ${node.name} to a shape other than one value per row`);
      return visit(node.inputs[0] ?? '');
    }
    throw new NotUnderstood(`operator ${op} (${node.name})`);
  }
}

function broadcast(values: Values, count: number): Values {
  if (values.length === count) return values;
  if (values.length === 1) return new Float64Array(count).fill(values[0] as number);
  throw new NotUnderstood(`${values.length} values where ${count} were expected`);
}

function map1(a: Values, f: (x: number) => number): Values {
  return a.map(f);
}

function map2(a: Values, b: Values, f: (x: number, y: number) => number, count: number): Values {
  if (a.length === 1 && b.length === 1) return Float64Array.of(f(a[0] as number, b[0] as number));
  const x = broadcast(a, count);
  const y = broadcast(b, count);
  return x.map((v, i) => f(v, y[i] as number));
}

function castTo(to: number, node: OnnxNode): (x: number) => number {
  switch (to) {
    case DataType.FLOAT:
    case DataType.DOUBLE:
      // Kept in double: the reader's arithmetic is at least as exact as onnxruntime's float32.
      return (x) => x;
    case DataType.INT32:
    case DataType.INT64:
      return Math.trunc;
    case DataType.BOOL:
      return (x) => +(x !== 0);
    default:
      throw new NotUnderstood(`Cast ${node.name} to data type ${to}`);
  }
}

/** ai.onnx.ml LabelEncoder from numbers to numbers (keys_int64s or keys_floats; values_floats or values_int64s). */
function labelEncode(node: OnnxNode, input: Values): Values {
  const keys = attr.ints(node, 'keys_int64s').length > 0 ? attr.ints(node, 'keys_int64s') : attr.floats(node, 'keys_floats');
  const values = attr.floats(node, 'values_floats').length > 0 ? attr.floats(node, 'values_floats') : attr.ints(node, 'values_int64s');
  if (keys.length === 0 || keys.length !== values.length) throw new NotUnderstood(`LabelEncoder ${node.name} without numeric keys and values of the same length`);
  const fallback = attr.floats(node, 'values_floats').length > 0 ? attr.float(node, 'default_float', -0) : attr.int(node, 'default_int64', -1);
  const table = new Map(keys.map((k, i) => [k, values[i] as number]));
  return input.map((x) => table.get(x) ?? fallback);
}
