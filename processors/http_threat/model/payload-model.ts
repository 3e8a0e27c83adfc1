/**
 * The payload model: a logistic regression on hashed character n-grams of the normalised URL, User-Agent
 * and Referer (see ngrams.ts). It says attack or benign and is the one scored on every event. When it fires,
 * a complement naive Bayes model of the attack rows names the likeliest class, and the window of the value that pushed
 * the attack margin up most becomes the reason's fragment.
 *
 * Trained when the processor starts, from the examples file (nothing is saved): the same file and settings
 * always give the same weights (fixed hash seeds, a deterministic solver).
 */
import { fitLogisticDual } from '../../../models/logistic-dual.js';
import { fitLogisticSparse, type LinearModel, type SparseRows } from '../../../models/logistic-regression.js';
import type { PayloadModelConfig } from './config.js';
import type { Example } from './examples.js';
import { FIELD_SEEDS, fieldMargin, forEachNgram, MODEL_FIELDS, ngramCount, ngramSlots, slotMargin, topWindow, type ModelField, type NgramSettings } from './ngrams.js';

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
/** The truncated-Newton solver stops when the gradient is this small relative to the first. */
const TOLERANCE = 1e-4;
/** Dual coordinate descent (the default) stops when a pass's largest dual gradient is this small, as liblinear's. */
const DUAL_TOLERANCE = 0.1;
/**
 * …or after this many passes over the rows: the intercept and the ranking of the train rows move little after
 * ten (bench:threat-model-training compares with the converged truncated-Newton fit), and each pass costs
 * about a tenth of a second per 5,000 rows.
 */
const DUAL_PASSES = 10;

const sigmoid = (m: number): number => (m >= 0 ? 1 / (1 + Math.exp(-m)) : Math.exp(m) / (1 + Math.exp(m)));

export class PayloadModel {
  constructor(
    readonly settings: NgramSettings,
    private readonly attack: Linear,
    private readonly classes: ReadonlyArray<{ readonly name: string; readonly model: Linear }>,
    readonly threshold: number,
  ) {}

  /** One field's share of the attack margin (a request's margin is its largest share, see requestMargin). */
  fieldMargin(field: ModelField, text: string): number {
    return fieldMargin(text, FIELD_SEEDS[field], this.attack.weights, this.settings);
  }

  /**
   * A request's margin: the largest of its fields' shares, not their sum. Examples pair attacks with a test
   * tool's User-Agent and ordinary requests with browsers', so a browser's User-Agent learns a negative share
   * that, summed, hides a payload in the URL beside it (most attacks come with a browser's).
   */
  requestMargin(texts: FieldTexts): number {
    let margin = -Infinity;
    for (const field of MODEL_FIELDS) {
      const text = texts[field];
      if (text !== undefined) margin = Math.max(margin, this.fieldMargin(field, text));
    }
    return margin === -Infinity ? 0 : margin;
  }

  /** The attack probability of a request from its normalised fields (for training and benches; scoring takes the shares itself). */
  requestProbability(texts: FieldTexts): number {
    return this.probability(this.requestMargin(texts));
  }

  /** The attack probability of a request whose margin (its largest field share) is `margin`. */
  probability(margin: number): number {
    return sigmoid(this.attack.bias + margin);
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
    // Each field's n-gram slots are hashed once and weighed by every class model, in fieldMargin's order.
    const fieldSlots = MODEL_FIELDS.flatMap((f) => {
      const text = texts[f];
      return text === undefined ? [] : [ngramSlots(text, FIELD_SEEDS[f], this.settings)];
    });
    let name = 'attack';
    let best = -Infinity;
    for (const { name: candidate, model } of this.classes) {
      let margin = model.bias;
      for (const slots of fieldSlots) margin += slotMargin(slots, model.weights);
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
  // Typed arrays sized by the n-gram count (an upper bound of the entries): millions of entries pushed onto
  // plain arrays cost seconds at start-up.
  let bound = 0;
  let widest = 0;
  for (const fields of texts) {
    let row = 0;
    for (const field of MODEL_FIELDS) {
      const text = fields[field];
      if (text !== undefined) row += ngramCount(text.length, settings);
    }
    bound += row;
    widest = Math.max(widest, row);
  }
  let indexes = new Uint32Array(bound);
  let values = new Float32Array(bound);
  const sums = new Float64Array(columns);
  const touched = new Uint32Array(widest);
  let total = 0;
  texts.forEach((fields, i) => {
    let count = 0;
    for (const field of MODEL_FIELDS) {
      const text = fields[field];
      if (text === undefined) continue;
      const value = 1 / Math.sqrt(ngramCount(text.length, settings));
      forEachNgram(text, FIELD_SEEDS[field], settings, (slot) => {
        if (sums[slot] === 0) touched[count++] = slot;
        sums[slot] = (sums[slot] as number) + value;
      });
    }
    const row = touched.subarray(0, count).sort();
    for (const slot of row) {
      indexes[total] = slot;
      values[total++] = sums[slot] as number;
      sums[slot] = 0;
    }
    starts[i + 1] = total;
  });
  indexes = indexes.slice(0, total);
  values = values.slice(0, total);
  return { starts, indexes, values, columns };
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

/** Additive smoothing of the class models' slot totals, small against a row's entries (about 1/√ of its n-gram count). */
const SMOOTHING = 0.01;

/**
 * One multinomial naive Bayes model per class on the attack rows, as linear models (log prior, log slot
 * shares): one pass over the rows instead of a logistic regression per class. They only name the class of
 * a detection, which the attack model has already made; with a dozen classes the one-vs-rest regressions
 * were most of the start-up time.
 */
function naiveBayesClasses(rows: SparseRows, labels: readonly string[], names: readonly string[]): { name: string; model: Linear }[] {
  return names.map((name) => {
    const totals = new Float64Array(rows.columns);
    let members = 0;
    labels.forEach((label, i) => {
      if (label !== name) return;
      members++;
      for (let k = rows.starts[i] as number, end = rows.starts[i + 1] as number; k < end; k++) {
        const j = rows.indexes[k] as number;
        totals[j] = (totals[j] as number) + (rows.values[k] as number);
      }
    });
    let sum = 0;
    for (const t of totals) sum += t;
    const denominator = Math.log(sum + SMOOTHING * rows.columns);
    const weights = Float32Array.from(totals, (t) => Math.log(t + SMOOTHING) - denominator);
    return { name, model: { weights, bias: Math.log(members / labels.length) } };
  });
}

/**
 * Complement naive Bayes (Rennie et al., 2003): each class is weighed by how badly the rows of all *other*
 * classes explain a request, so a class with a few dozen rows is judged on counts as large as a class with
 * thousands. Plain naive Bayes sees few n-grams of a small class and penalises every unseen one. The paper's
 * weight normalisation is left out: it did slightly worse in `bench:threat-model-cv -- --extra --classes`.
 */
function complementNaiveBayesClasses(rows: SparseRows, labels: readonly string[], names: readonly string[]): { name: string; model: Linear }[] {
  const index = new Map(names.map((name, c) => [name, c]));
  const perClass = names.map(() => new Float64Array(rows.columns));
  const all = new Float64Array(rows.columns);
  labels.forEach((label, i) => {
    const totals = perClass[index.get(label) as number] as Float64Array;
    for (let k = rows.starts[i] as number, end = rows.starts[i + 1] as number; k < end; k++) {
      const j = rows.indexes[k] as number;
      const v = rows.values[k] as number;
      totals[j] = (totals[j] as number) + v;
      all[j] = (all[j] as number) + v;
    }
  });
  let grand = 0;
  for (const t of all) grand += t;
  return names.map((name, c) => {
    const own = perClass[c] as Float64Array;
    let ownSum = 0;
    for (const t of own) ownSum += t;
    const denominator = Math.log(grand - ownSum + SMOOTHING * rows.columns);
    // The complement's log shares, negated: the class whose complement explains the request worst scores highest.
    const weights = new Float32Array(rows.columns);
    for (let j = 0; j < rows.columns; j++) weights[j] = denominator - Math.log((all[j] as number) - (own[j] as number) + SMOOTHING);
    return { name, model: { weights, bias: 0 } };
  });
}

/** How the class of a detection is named: plain or complement naive Bayes on the attack rows. */
export type ClassNamer = 'naive_bayes' | 'complement_naive_bayes';

const toLinear = (model: LinearModel): Linear => ({ weights: Float32Array.from(model.weights), bias: model.bias });

/**
 * dual: dual coordinate descent for the attack model (models/logistic-dual.ts), naive Bayes (complement by default) for the class
 * names; newton: the previous training, truncated Newton for both the attack and one-vs-rest class models,
 * kept to compare.
 */
export type Solver = 'dual' | 'newton';
/** The settings training needs, the threshold already a number (`auto` is resolved first: auto-threshold.ts). */
export type ModelSettings = Pick<PayloadModelConfig, 'ngram_min' | 'ngram_max' | 'hash_bits' | 'c'> & { readonly threshold: number };

/**
 * Trains the model on examples whose field texts are already normalised (`texts[i]` for `examples[i]`):
 * the attack model on all rows, with both labels weighed equally however many rows each has, and the
 * class models one against the rest on the attack rows that name a class.
 */
export function trainPayloadModel(
  examples: readonly Pick<Example, 'attack' | 'class'>[],
  texts: readonly FieldTexts[],
  config: ModelSettings,
  { classes: withClasses = true, solver = 'dual', namer = 'complement_naive_bayes' }: { classes?: boolean; solver?: Solver; namer?: ClassNamer } = {},
): { model: PayloadModel; figures: TrainingFigures } {
  const started = performance.now();
  const settings: NgramSettings = { min: config.ngram_min, max: config.ngram_max, bits: config.hash_bits };
  const rows = featureRows(texts, settings);
  const fit = (x: SparseRows, positive: readonly boolean[]): LinearModel =>
    solver === 'dual' ? fitLogisticDual(x, positive, { c: config.c, balanced: true, tolerance: DUAL_TOLERANCE, maxPasses: DUAL_PASSES }) : fitLogisticSparse(x, positive, { c: config.c, balanced: true, tolerance: TOLERANCE });
  const attack = toLinear(fit(rows, examples.map((e) => e.attack)));
  // Cross-validation of the attack model skips the class models (withClasses false): they only name the class.
  const named = withClasses ? examples.flatMap((e, i) => (e.attack && e.class !== undefined ? [i] : [])) : [];
  const classNames = [...new Set(named.map((i) => examples[i]?.class as string))].sort();
  let classes: { name: string; model: Linear }[] = [];
  if (classNames.length === 1) classes = [{ name: classNames[0] as string, model: { weights: new Float32Array(rows.columns), bias: 0 } }];
  else if (classNames.length > 1) {
    const attackRows = subset(rows, named);
    const labels = named.map((i) => examples[i]?.class as string);
    const bayes = namer === 'complement_naive_bayes' ? complementNaiveBayesClasses : naiveBayesClasses;
    classes = solver === 'dual' ? bayes(attackRows, labels, classNames) : classNames.map((name) => ({ name, model: toLinear(fit(attackRows, labels.map((label) => label === name))) }));
  }
  const model = new PayloadModel(settings, attack, classes, config.threshold);
  const figures = { attacks: examples.filter((e) => e.attack).length, benign: examples.filter((e) => !e.attack).length, classes: classNames, ms: performance.now() - started };
  return { model, figures };
}

/** The detector id of the model's reasons. */
export const MODEL_DETECTOR = 'payload-model';
const MAX_FRAGMENT = 64;

/**
 * The model's detection for a request whose largest field share is `margin` (texts: the fields it read):
 * undefined below the threshold, else the reason to report and its weight in threat.score.
 */
export function modelVerdict(model: PayloadModel, margin: number, texts: FieldTexts): { reason: { detector: string; class: string; fragment: string; field: ModelField }; weight: number } | undefined {
  const weight = model.weight(model.probability(margin));
  if (weight === 0) return undefined;
  const why = model.explain(texts);
  return { reason: { detector: MODEL_DETECTOR, class: why.class, fragment: why.fragment.slice(0, MAX_FRAGMENT), field: why.field }, weight };
}
