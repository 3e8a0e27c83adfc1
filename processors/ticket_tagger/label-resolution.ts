/**
 * What a ticket_tagger configuration resolves to: its labels (a built-in set's, with the configured labels
 * replacing or adding by name) and where the result goes: several tags to ticket.tags, or, for a label
 * set or a `target`, one label to a field of its own.
 */
import { LABEL_SETS, type BuiltInLabel, type KeywordRule, type LabelSetName } from './label-sets.js';

interface LabelSettings {
  readonly label_set?: LabelSetName | undefined;
  readonly labels: readonly BuiltInLabel[];
}

/** The set's labels in their order, each replaced by a configured label of the same name, then the other configured labels. */
export function resolvedLabels(config: LabelSettings): readonly BuiltInLabel[] {
  if (config.label_set === undefined) return config.labels;
  const own = new Map(config.labels.map((label) => [label.name, label]));
  const fromSet = LABEL_SETS[config.label_set].labels.map((label) => own.get(label.name) ?? label);
  const setNames = new Set(fromSet.map((label) => label.name));
  return [...fromSet, ...config.labels.filter((label) => !setNames.has(label.name))];
}

/** The label set's keyword rules, then the configured ones. */
export function resolvedRules(config: { readonly label_set?: LabelSetName | undefined; readonly rules: readonly KeywordRule[] }): readonly KeywordRule[] {
  return config.label_set === undefined ? config.rules : [...LABEL_SETS[config.label_set].rules, ...config.rules];
}

/** Names a single-label target may not end in: they sit beside its results under the tagger's namespace. */
export const TARGET_LEAVES_TAKEN: readonly string[] = ['model_version', 'shadow'];

/** Where a tagger writes, and where its model version and a shadow candidate's results go (`<namespace>.…`). */
export type TaggerOutput =
  | { readonly kind: 'tags'; readonly namespace: string }
  | { readonly kind: 'single'; readonly namespace: string; readonly target: string; readonly fallback: string | undefined };

interface OutputSettings extends LabelSettings {
  readonly target?: string | undefined;
  readonly fallback?: string | undefined;
}

/**
 * Tags (ticket.tags, versions under ticket.tagger) or one label to `target`, versions under
 * ticket.tagger.<last part of target> (ticket.tagger.priority): several taggers in one chain each keep
 * their own model version and shadow results.
 */
export function taggerOutput(config: OutputSettings): TaggerOutput {
  const set = config.label_set === undefined ? undefined : LABEL_SETS[config.label_set];
  const target = config.target ?? set?.target;
  if (target === undefined) return { kind: 'tags', namespace: 'ticket.tagger' };
  return { kind: 'single', namespace: `ticket.tagger.${target.slice(target.lastIndexOf('.') + 1)}`, target, fallback: config.fallback ?? set?.fallback };
}

/** The fields one tagging is written to: the event's own result, or a shadow candidate's. */
export interface OutputFields {
  readonly value: string;
  readonly scores: string;
  readonly confidence: string;
}

/** Field names, worked out once per processor rather than per event. */
export function outputFields(output: TaggerOutput): { own: OutputFields; shadow: OutputFields } {
  if (output.kind === 'tags') {
    const at = (prefix: string): OutputFields => ({ value: `${prefix}tags`, scores: `${prefix}tag_scores`, confidence: `${prefix}tags_confidence` });
    return { own: at('ticket.'), shadow: at(`${output.namespace}.shadow.`) };
  }
  const leaf = output.target.slice(output.target.lastIndexOf('.') + 1);
  const at = (value: string): OutputFields => ({ value, scores: `${value}_scores`, confidence: `${value}_confidence` });
  return { own: at(output.target), shadow: at(`${output.namespace}.shadow.${leaf}`) };
}
