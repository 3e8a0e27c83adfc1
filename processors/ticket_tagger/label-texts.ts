/**
 * The texts the tagger learns its labels from: each configured label's description, its topics (see
 * scorers.ts) and examples, then the rows of the examples file. A text given for several labels is one
 * text with several labels (for the linear head a positive of each, never a negative of one of them), and
 * a text given twice for a label counts once.
 */
import type { ExampleRow } from './examples-file.js';

/**
 * The parts of a description written as a list (split at commas and semicolons); none for a single phrase.
 * A description is usually a list of topics ("charges, invoices, VAT, double charges"), and one embedding
 * of the whole list blurs them together; each part is also embedded as a label text of its own, so a
 * ticket about one topic of the list finds it.
 */
export function descriptionTopics(description: string): string[] {
  const parts = description
    .split(/[,;]/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
  return parts.length > 1 ? parts : [];
}

interface ConfiguredLabel {
  readonly name: string;
  readonly description: string;
  readonly examples: readonly string[];
}

export interface LabelTexts {
  /** Label names: the configured labels in order, then those only the examples file names, as they first appear. */
  readonly names: string[];
  readonly texts: string[];
  /** The label indexes of each text. */
  readonly labelsOf: number[][];
}

export interface EmbeddedLabelTexts {
  readonly names: string[];
  readonly vectors: Float32Array[];
  readonly labelsOf: number[][];
}

export function labelTexts(labels: readonly ConfiguredLabel[], rows: readonly ExampleRow[], { topics }: { topics: boolean }): LabelTexts {
  const names: string[] = [];
  const indexOf = new Map<string, number>();
  const texts: string[] = [];
  const labelsOf: number[][] = [];
  const textIndex = new Map<string, number>();
  const add = (name: string, text: string): void => {
    let label = indexOf.get(name);
    if (label === undefined) {
      label = names.push(name) - 1;
      indexOf.set(name, label);
    }
    let at = textIndex.get(text);
    if (at === undefined) {
      at = texts.push(text) - 1;
      textIndex.set(text, at);
      labelsOf.push([]);
    }
    const of = labelsOf[at] as number[];
    if (!of.includes(label)) of.push(label);
  };
  for (const label of labels) {
    for (const text of [label.description, ...(topics ? descriptionTopics(label.description) : []), ...label.examples]) add(label.name, text);
  }
  for (const row of rows) for (const name of row.labels) add(name, row.text);
  return { names, texts, labelsOf };
}

/** How many texts go to the model worker per request: a large examples file is embedded a slice at a time. */
const EMBED_SLICE = 256;

/** Embeds every text, a slice at a time (the worker batches within a slice). */
export async function embedLabelTexts(embed: (texts: string[]) => Promise<Float32Array[]>, { names, texts, labelsOf }: LabelTexts): Promise<EmbeddedLabelTexts> {
  const vectors: Float32Array[] = [];
  for (let i = 0; i < texts.length; i += EMBED_SLICE) vectors.push(...(await embed(texts.slice(i, i + EMBED_SLICE))));
  return { names, vectors, labelsOf };
}
