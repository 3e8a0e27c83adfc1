/**
 * Shop-like strings in many languages for the threat bench: the locale data of the npm package
 * @faker-js/faker (product names and materials, company names, streets and cities, people's names, short
 * texts in 77 locales). Turkish writes "%50 indirim" (50 % off), an artist is Ke$ha: what a shop's search box
 * receives.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';

import { npmPackage, textSearches, type TextSearch } from './text-searches.js';

export const FAKER_VERSION = '10.6.0';
/**
 * Longer strings are paragraphs of filler text, and a template is no text: `{{person.firstName}}`, `#{city}`,
 * or a number format with # for each digit (`082 ### ####`).
 */
const MAX_LENGTH = 200;
const TEMPLATE = /\{\{|#\{|##/;

/**
 * Every distinct string in the locale definitions, in the order met; nested objects and arrays are walked.
 * The `system` category (directory paths such as /etc/mail, MIME types) is left out: no search text, and a
 * system path as a parameter is what the path-traversal detectors are for.
 */
export function localeStrings(locales: unknown): string[] {
  const found = new Set<string>();
  const walk = (value: unknown, depth: number, key = ''): void => {
    if (depth > 8 || key === 'system') return;
    if (typeof value === 'string') {
      if (value.trim() !== '' && value.length < MAX_LENGTH && !TEMPLATE.test(value)) found.add(value);
    } else if (Array.isArray(value)) {
      for (const item of value) walk(item, depth + 1);
    } else if (typeof value === 'object' && value !== null) {
      for (const [name, item] of Object.entries(value)) walk(item, depth + 1, name);
    }
  };
  walk(locales, 0);
  return [...found];
}

/** Fetches @faker-js/faker from the npm registry once; a search for each distinct string of its locales. */
export async function ensureFakerSearches(log: (line: string) => void = () => {}): Promise<TextSearch[]> {
  const dir = await npmPackage('@faker-js/faker', FAKER_VERSION, 'dist/index.js', log);
  const module = z.object({ allLocales: z.record(z.string(), z.unknown()) }).parse(await import(pathToFileURL(path.join(dir, 'package', 'dist', 'index.js')).href));
  return textSearches(localeStrings(module.allLocales), 'faker');
}
