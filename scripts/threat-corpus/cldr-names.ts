/**
 * Text in the world's scripts for the threat bench: the names of languages, scripts and territories as each
 * of CLDR's 766 locales writes them (the npm package cldr-localenames-full), those with a character outside
 * ASCII: Cyrillic, Arabic, Armenian, Bengali, CJK … A URL carries them as percent-encoded UTF-8, whose bytes
 * are what a detector of encoded brackets (`%BC` for `<`) must not mistake for an attack.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

import { npmPackage, textSearches, type TextSearch } from './text-searches.js';

export const CLDR_LOCALENAMES_VERSION = '48.2.0';
const FILES = ['languages.json', 'scripts.json', 'territories.json'] as const;

const NameFile = z.object({ main: z.record(z.string(), z.object({ localeDisplayNames: z.record(z.string(), z.record(z.string(), z.string())) })) });

/** The names in one of the package's files (`main/<locale>/<kind>.json`), in file order. */
export function localeNames(json: string): string[] {
  return Object.values(NameFile.parse(JSON.parse(json)).main).flatMap((locale) => Object.values(locale.localeDisplayNames).flatMap((names) => Object.values(names)));
}

/** Fetches cldr-localenames-full from the npm registry once; a search for each distinct non-ASCII name. */
export async function ensureCldrSearches(log: (line: string) => void = () => {}): Promise<TextSearch[]> {
  const main = path.join(await npmPackage('cldr-localenames-full', CLDR_LOCALENAMES_VERSION, 'main/ru/territories.json', log), 'package', 'main');
  const names = new Set<string>();
  for (const locale of (await readdir(main)).sort()) {
    for (const file of FILES) {
      const text = await readFile(path.join(main, locale, file), 'utf8').catch(() => undefined);
      if (text !== undefined) for (const name of localeNames(text)) if (/[^\x20-\x7e]/.test(name)) names.add(name);
    }
  }
  return textSearches([...names], 'cldr');
}
