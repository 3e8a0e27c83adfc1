/**
 * The payload model: logistic regressions on hashed character n-grams of the normalised URL, User-Agent
 * and Referer (see ngrams.ts). One model says attack or benign; it is the one scored on every event. When
 * it fires, one model per attack class, trained on the attack rows only, names the likeliest class, and the
 * window of the value that pushed the attack margin up most becomes the reason's fragment.
 *
 * Trained when the processor starts, from the examples file (nothing is saved): the same file and settings
 * always give the same weights (fixed hash seeds, a deterministic solver).
 */
import { fitLogisticSparse, type LinearModel, type SparseRows } from '../../../models/logistic-regression.js';
import type { PayloadModelConfig } from './config.js';
import type { Example } from './examples.js';
import { FIELD_SEEDS, fieldMargin, forEachNgram, MODEL_FIELDS, ngramCount, topWindow, type ModelField, type NgramSettings } from './ngrams.js';

/** Normalised texts of one request's fields (undefined: absent). */
export type FieldTexts = Readonly<Partial<Record<ModelField, string>>>;

interface Linear {
  readonly weights: Float32Array;
  readonly bias: number;
}

export interface ModelExplanation {
  readonly class: string;
  readonly field: ModelField;
  readonly fragment: string;
}

/** Weight in threat.score at the threshold and at probability 1 (see weight()). */
const WEIGHT_AT_THRESHOLD = 0.5;
const WEIGHT_AT_ONE = 0.95;
const FRAGMENT_WIDTH = 32;
/** Training stops when the gradient is this small relative to the first: enough for a ranking, and fast. */
const TOLERANCE = 1e-4;

const sigmoid = (m: number): number => (m >= 0 ? 1 / (1 + Math.exp(-m)) : Math.exp(m) / (1 + Math.exp(m)));

export class PayloadModel {
  constructor(
    readonly settings: NgramSettings,
    private readonly attack: Linear,
    private readonly classes: ReadonlyArray<{ readonly name: string; readonly model: Linear }>,
    readonly threshold: number,
  ) {}

  /** One field's share of the attack margin; the shares of a request's fields add up. */
  fieldMargin(field: ModelField, text: string): number {
    return fieldMargin(text, FIELD_SEEDS[field], this.attack.weights, this.settings);
  }

  /** The attack probability of a request whose fields' shares sum to `margins`. */
  probability(margins: number): number {
    return sigmoid(this.attack.bias + margins);
  }

  /** The weight of a detection in threat.score: 0 below the threshold, 0.5 at it, 0.95 at probability 1. */
  weight(probability: number): number {
    if (probability < this.threshold) return 0;
    return WEIGHT_AT_THRESHOLD + ((WEIGHT_AT_ONE - WEIGHT_AT_THRESHOLD) * (probability - this.threshold)) / (1 - this.threshold);
  }

  /** Why the model fired: the likeliest class, the field with the largest share and the window in it. */
  explain(texts: FieldTexts): ModelExplanation {
    let field: ModelField = 'url';
    let largest = -Infinity;
    for (const f of MODEL_FIELDS) {
      const text = texts[f];
      if (text === undefined) continue;
      const share = this.fieldMargin(f, text);
      if (share > largest) [largest, field] = [share, f];
    }
    let name = 'attack';
    let best = -Infinity;
    for (const { name: candidate, model } of this.classes) {
      let margin = model.bias;
      for (const f of MODEL_FIELDS) {
        const text = texts[f];
        if (text !== undefined) margin += fieldMargin(text, FIELD_SEEDS[f], model.weights, this.settings);
      }
      if (margin > best) [best, name] = [margin, candidate];
    }
    return { class: name, field, fragment: topWindow(texts[field] ?? '', FIELD_SEEDS[field], this.attack.weights, this.settings, FRAGMENT_WIDTH) };
  }
}

export interface TrainingFigures {
  readonly attacks: number;
  readonly benign: number;
  readonly classes: readonly string[];
  readonly ms: number;
}

/** The request fields of an example, normalised by `textOf`; a field that is absent, empty or `-` is left out. */
export function exampleTexts(example: { readonly uri?: string | undefined; readonly user_agent?: string | undefined; readonly referer?: string | undefined }, textOf: (value: string) => string): FieldTexts {
  const texts: Partial<Record<ModelField, string>> = {};
  const put = (field: ModelField, value: string | undefined) => {
    if (value !== undefined && value !== '' && value !== '-') texts[field] = textOf(value);
  };
  put('url', example.uri);
  put('user_agent', example.user_agent);
  put('referrer', example.referer);
  return texts;
}

/**
 * The examples as sparse rows: per field, each n-gram's slot with value 1/√(the field's n-gram count),
 * repeated slots summed and each row's slots in ascending order (fewer entries, and the solver's passes
 * over the weights then run forwards through memory).
 */
export function featureRows(texts: readonly FieldTexts[], settings: NgramSettings): SparseRows {
  const columns = 2 ** settings.bits;
  const starts = new Uint32Array(texts.length + 1);
  const indexes: number[] = [];
  const values: number[] = [];
  const sums = new Float64Array(columns);
  const touched: number[] = [];
  texts.forEach((fields, i) => {
    for (const field of MODEL_FIELDS) {
      const text = fields[field];
      if (text === undefined) continue;
      const value = 1 / Math.sqrt(ngramCount(text.length, settings));
      forEachNgram(text, FIELD_SEEDS[field], settings, (slot) => {
        if (sums[slot] === 0) touched.push(slot);
        sums[slot] = (sums[slot] as number) + value;
      });
    }
    touched.sort((a, b) => a - b);
    for (const slot of touched) {
      indexes.push(slot);
      values.push(sums[slot] as number);
      sums[slot] = 0;
    }
    touched.length = 0;
    starts[i + 1] = indexes.length;
  });
  return { starts, indexes: Uint32Array.from(indexes), values: Float32Array.from(values), columns };
}

/** The rows `keep` of `rows`, in that order. */
function subset(rows: SparseRows, keep: readonly number[]): SparseRows {
  const starts = new Uint32Array(keep.length + 1);
  let total = 0;
  keep.forEach((row, i) => (starts[i + 1] = total += (rows.starts[row + 1] as number) - (rows.starts[row] as number)));
  const indexes = new Uint32Array(total);
  const values = new Float32Array(total);
  keep.forEach((row, i) => {
    indexes.set(rows.indexes.subarray(rows.starts[row], rows.starts[row + 1]), starts[i]);
    values.set(rows.values.subarray(rows.starts[row], rows.starts[row + 1]), starts[i]);
  });
  return { starts, indexes, values, columns: rows.columns };
}

const toLinear = (model: LinearModel): Linear => ({ weights: Float32Array.from(model.weights), bias: model.bias });

export type ModelSettings = Pick<PayloadModelConfig, 'ngram_min' | 'ngram_max' | 'hash_bits' | 'c' | 'threshold'>;

/**
 * Trains the model on examples whose field texts are already normalised (`texts[i]` for `examples[i]`):
 * the attack model on all rows, with both labels weighed equally however many rows each has, and the
 * class models one against the rest on the attack rows that name a class.
 */
export function trainPayloadModel(
  examples: readonly Pick<Example, 'attack' | 'class'>[],
  texts: readonly FieldTexts[],
  config: ModelSettings,
  { classes: withClasses = true }: { classes?: boolean } = {},
): { model: PayloadModel; figures: TrainingFigures } {
  const started = performance.now();
  const settings: NgramSettings = { min: config.ngram_min, max: config.ngram_max, bits: config.hash_bits };
  const rows = featureRows(texts, settings);
  const options = { c: config.c, balanced: true, tolerance: TOLERANCE };
  const attack = toLinear(fitLogisticSparse(rows, examples.map((e) => e.attack), options));
  // Cross-validation of the attack model skips the class models (withClasses false): they only name the class.
  const named = withClasses ? examples.flatMap((e, i) => (e.attack && e.class !== undefined ? [i] : [])) : [];
  const classNames = [...new Set(named.map((i) => examples[i]?.class as string))].sort();
  let classes: { name: string; model: Linear }[] = [];
  if (classNames.length === 1) classes = [{ name: classNames[0] as string, model: { weights: new Float32Array(rows.columns), bias: 0 } }];
  else if (classNames.length > 1) {
    const attackRows = subset(rows, named);
    classes = classNames.map((name) => ({ name, model: toLinear(fitLogisticSparse(attackRows, named.map((i) => examples[i]?.class === name), options)) }));
  }
  const model = new PayloadModel(settings, attack, classes, config.threshold);
  const figures = { attacks: examples.filter((e) => e.attack).length, benign: examples.filter((e) => !e.attack).length, classes: classNames, ms: performance.now() - started };
  return { model, figures };
}

/** The detector id of the model's reasons. */
export const MODEL_DETECTOR = 'payload-model';
const MAX_FRAGMENT = 64;

/**
 * The model's detection for a request whose fields' shares sum to `margins` (texts: the fields it read):
 * undefined below the threshold, else the reason to report and its weight in threat.score.
 */
export function modelVerdict(model: PayloadModel, margins: number, texts: FieldTexts): { reason: { detector: string; class: string; fragment: string; field: ModelField }; weight: number } | undefined {
  const weight = model.weight(model.probability(margins));
  if (weight === 0) return undefined;
  const why = model.explain(texts);
  return { reason: { detector: MODEL_DETECTOR, class: why.class, fragment: why.fragment.slice(0, MAX_FRAGMENT), field: why.field }, weight };
}
