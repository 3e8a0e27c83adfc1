/**
 * Reads an ONNX model file into plain data: the graph's nodes, attributes, constants and inputs. Decoded
 * by protobufjs with the subset of onnx.proto below (field numbers as in onnx/onnx.proto; fields not
 * listed are skipped by the decoder), then checked with zod, so the rest of the reader works on typed
 * values and a file that is not an ONNX model fails here with a reason.
 */
import protobuf from 'protobufjs';
import { z } from 'zod';

const ONNX_SUBSET = `
syntax = "proto3";
package onnx;
message AttributeProto {
  string name = 1; float f = 2; int64 i = 3; bytes s = 4; TensorProto t = 5;
  repeated float floats = 7; repeated int64 ints = 8; repeated bytes strings = 9; int32 type = 20;
}
message NodeProto { repeated string input = 1; repeated string output = 2; string name = 3; string op_type = 4; repeated AttributeProto attribute = 5; string domain = 7; }
message TensorProto {
  repeated int64 dims = 1; int32 data_type = 2; repeated float float_data = 4; repeated int32 int32_data = 5;
  repeated int64 int64_data = 7; string name = 8; bytes raw_data = 9; repeated double double_data = 10;
}
message TensorShapeProto { message Dimension { int64 dim_value = 1; string dim_param = 2; } repeated Dimension dim = 1; }
message TypeProto { message Tensor { int32 elem_type = 1; TensorShapeProto shape = 2; } Tensor tensor_type = 1; }
message ValueInfoProto { string name = 1; TypeProto type = 2; }
message GraphProto { repeated NodeProto node = 1; string name = 2; repeated TensorProto initializer = 5; repeated ValueInfoProto input = 11; repeated ValueInfoProto output = 12; }
message OperatorSetIdProto { string domain = 1; int64 version = 2; }
message ModelProto { int64 ir_version = 1; string producer_name = 2; GraphProto graph = 7; repeated OperatorSetIdProto opset_import = 8; }
`;

/** TensorProto.DataType values the reader handles. */
export const DataType = { FLOAT: 1, INT32: 6, INT64: 7, BOOL: 9, DOUBLE: 11 } as const;

const bytes = z.instanceof(Uint8Array);
const tensorSchema = z.object({
  dims: z.array(z.number()).default([]),
  data_type: z.number().default(0),
  float_data: z.array(z.number()).default([]),
  int32_data: z.array(z.number()).default([]),
  int64_data: z.array(z.number()).default([]),
  double_data: z.array(z.number()).default([]),
  raw_data: bytes.optional(),
  name: z.string().default(''),
});
const attributeSchema = z.object({
  name: z.string(),
  f: z.number().optional(),
  i: z.number().optional(),
  s: bytes.optional(),
  t: tensorSchema.optional(),
  floats: z.array(z.number()).default([]),
  ints: z.array(z.number()).default([]),
  strings: z.array(bytes).default([]),
});
const nodeSchema = z.object({
  input: z.array(z.string()).default([]),
  output: z.array(z.string()).default([]),
  name: z.string().default(''),
  op_type: z.string(),
  domain: z.string().default(''),
  attribute: z.array(attributeSchema).default([]),
});
const valueInfoSchema = z.object({
  name: z.string(),
  type: z
    .object({
      tensor_type: z
        .object({
          elem_type: z.number().default(0),
          shape: z.object({ dim: z.array(z.object({ dim_value: z.number().optional(), dim_param: z.string().optional() })).default([]) }).optional(),
        })
        .optional(),
    })
    .optional(),
});
const modelSchema = z.object({
  ir_version: z.number().optional(),
  producer_name: z.string().default(''),
  graph: z.object({
    node: z.array(nodeSchema).default([]),
    initializer: z.array(tensorSchema).default([]),
    input: z.array(valueInfoSchema).default([]),
    output: z.array(valueInfoSchema).default([]),
  }),
});

type TensorData = z.output<typeof tensorSchema>;
type AttributeData = z.output<typeof attributeSchema>;

/** A constant: its shape and its values as numbers (int64 values beyond 2^53 lose precision; none of ours do). */
interface Constant {
  dims: number[];
  values: Float64Array;
}

export interface OnnxNode {
  opType: string;
  /** '' for the default domain (ai.onnx), e.g. 'ai.onnx.ml' for tree ensembles. */
  domain: string;
  name: string;
  inputs: string[];
  outputs: string[];
  attributes: Map<string, AttributeData>;
}

export interface OnnxGraph {
  producer: string;
  nodes: OnnxNode[];
  /** Initializers and Constant node outputs, by tensor name. */
  constants: Map<string, Constant>;
  /** Graph inputs that are not initializers: name and element type (DataType). */
  inputs: { name: string; elemType: number }[];
  outputs: string[];
  /** The node that writes each tensor. */
  producers: Map<string, OnnxNode>;
}

let modelType: protobuf.Type | undefined;

/** Decodes `bytes` as an ONNX model; throws with a reason when they are not one. */
export function readOnnxGraph(bytes: Uint8Array): OnnxGraph {
  modelType ??= protobuf.parse(ONNX_SUBSET, { keepCase: true }).root.lookupType('onnx.ModelProto');
  const decoded = modelType.toObject(modelType.decode(bytes), { longs: Number, arrays: true });
  const model = modelSchema.parse(decoded);
  const constants = new Map<string, Constant>();
  for (const tensor of model.graph.initializer) constants.set(tensor.name, tensorValues(tensor));
  const nodes: OnnxNode[] = model.graph.node.map((n) => ({
    opType: n.op_type,
    domain: n.domain === 'ai.onnx' ? '' : n.domain,
    name: n.name,
    inputs: n.input,
    outputs: n.output,
    attributes: new Map(n.attribute.map((a) => [a.name, a])),
  }));
  const producers = new Map<string, OnnxNode>();
  for (const node of nodes) {
    for (const output of node.outputs) producers.set(output, node);
    const constant = node.opType === 'Constant' && node.domain === '' ? constantOf(node) : undefined;
    if (constant) constants.set(node.outputs[0] as string, constant);
  }
  return {
    producer: model.producer_name,
    nodes,
    constants,
    inputs: model.graph.input.filter((i) => !constants.has(i.name)).map((i) => ({ name: i.name, elemType: i.type?.tensor_type?.elem_type ?? 0 })),
    outputs: model.graph.output.map((o) => o.name),
    producers,
  };
}

/** A Constant node's value (value, value_float(s) or value_int(s)); undefined for other kinds (sparse, strings). */
function constantOf(node: OnnxNode): Constant | undefined {
  const a = node.attributes;
  const tensor = a.get('value')?.t;
  if (tensor) return tensorValues(tensor);
  const scalar = a.get('value_float')?.f ?? a.get('value_int')?.i;
  if (scalar !== undefined) return { dims: [], values: Float64Array.of(scalar) };
  const list = a.get('value_floats')?.floats ?? a.get('value_ints')?.ints;
  return list === undefined ? undefined : { dims: [list.length], values: Float64Array.from(list) };
}

/** A tensor's values from raw_data (little-endian) or its typed field. */
function tensorValues(tensor: TensorData): Constant {
  const dims = tensor.dims;
  const raw = tensor.raw_data;
  if (raw !== undefined && raw.byteLength > 0) {
    const buffer = raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength);
    switch (tensor.data_type) {
      case DataType.FLOAT:
        return { dims, values: Float64Array.from(new Float32Array(buffer)) };
      case DataType.DOUBLE:
        return { dims, values: new Float64Array(buffer) };
      case DataType.INT32:
        return { dims, values: Float64Array.from(new Int32Array(buffer)) };
      case DataType.INT64:
        return { dims, values: Float64Array.from(new BigInt64Array(buffer), Number) };
      case DataType.BOOL:
        return { dims, values: Float64Array.from(new Uint8Array(buffer)) };
      default:
        throw new Error(`tensor ${tensor.name} has data type ${tensor.data_type}, which this reader does not handle`);
    }
  }
  const typed: Record<number, number[]> = {
    [DataType.FLOAT]: tensor.float_data,
    [DataType.DOUBLE]: tensor.double_data,
    [DataType.INT32]: tensor.int32_data,
    [DataType.BOOL]: tensor.int32_data,
    [DataType.INT64]: tensor.int64_data,
  };
  const values = typed[tensor.data_type];
  if (values === undefined) throw new Error(`tensor ${tensor.name} has data type ${tensor.data_type}, which this reader does not handle`);
  return { dims, values: Float64Array.from(values) };
}

/** Attribute helpers: a missing attribute gives the default. */
export const attr = {
  ints: (node: OnnxNode, name: string): number[] => node.attributes.get(name)?.ints ?? [],
  floats: (node: OnnxNode, name: string): number[] => node.attributes.get(name)?.floats ?? [],
  strings: (node: OnnxNode, name: string): string[] => (node.attributes.get(name)?.strings ?? []).map((s) => Buffer.from(s).toString('utf8')),
  int: (node: OnnxNode, name: string, fallback: number): number => node.attributes.get(name)?.i ?? fallback,
  float: (node: OnnxNode, name: string, fallback: number): number => node.attributes.get(name)?.f ?? fallback,
  string: (node: OnnxNode, name: string, fallback: string): string => {
    const s = node.attributes.get(name)?.s;
    return s === undefined ? fallback : Buffer.from(s).toString('utf8');
  },
  tensor: (node: OnnxNode, name: string): Constant | undefined => {
    const t = node.attributes.get(name)?.t;
    return t === undefined ? undefined : tensorValues(t);
  },
};
