/**
 * Probes for files a server must not hand out, which neither CRS nor http_threat was written for: the
 * wordlists of the path scanner dirsearch (PyPI) for version control, keys, backups, databases and logs,
 * each requested from the shop's root as dirsearch requests it. Each request is split into a
 * half by a hash, like wapiti's: detectors may be fixed against the dev half only.
 */
import { z } from 'zod';

import { dumpFromWheel } from './pypi-wheel.js';
import type { ScannerAttack } from './scanner-attacks.js';
import { BROWSERS, SHOP_HOST } from './shop-traffic.js';
import { halfOf } from './text-searches.js';

export const DIRSEARCH_VERSION = '0.5.0';

/**
 * The categories of `--wordlist-categories` whose every entry is a file or folder a site keeps to itself;
 * not `conf`, which mixes in what sites publish (`sitemap.xml`, `swagger.json`, `.well-known/jwks.json`).
 */
export const CATEGORIES = ['vcs', 'keys', 'backups', 'db', 'logs'] as const;

const DUMP = `
import json, sys, zipfile
wheel = zipfile.ZipFile(sys.argv[1])
print(json.dumps({name: wheel.read(name).decode('utf-8') for name in sys.argv[2:]}))
`;

const Lists = z.record(z.string(), z.string());

/** dirsearch's safequote: Python's quote() with every ASCII punctuation sign safe, so only spaces, control bytes and non-ASCII are escaped. */
export function safequote(path: string): string {
  return path.replace(/[^\x21-\x7e]+/g, encodeURIComponent);
}

/** A wordlist's entries as dirsearch reads them: trimmed, blank and `#` lines skipped, a leading `/` dropped. */
function wordlistEntries(wordlist: string): string[] {
  return wordlist
    .split('\n')
    .map((line) => line.trim().replace(/^\/+/, ''))
    .filter((entry) => entry !== '' && !entry.startsWith('#'));
}

/** Each entry of the chosen categories, once, requested from the site's root. */
export function dirsearchProbes(lists: Readonly<Record<string, string>>): ScannerAttack[] {
  const requests = new Map<string, ScannerAttack>();
  for (const category of CATEGORIES) {
    for (const entry of wordlistEntries(lists[category] ?? '')) {
      const uri = `/${safequote(entry)}`;
      if (requests.has(uri)) continue;
      const userAgent = BROWSERS[requests.size % BROWSERS.length] as string;
      requests.set(uri, { id: `dirsearch-${requests.size}`, method: 'GET', uri, user_agent: userAgent, host: SHOP_HOST, half: halfOf(uri), class: 'lfi', module: category });
    }
  }
  return [...requests.values()];
}

/**
 * dirsearch's default scan in its order: each entry of its main wordlist (`db/dicc.txt`), with
 * `%EXT%` replaced by each of its default extensions in turn, quoted, once each.
 */
export function dirsearchScan(wordlist: string, extensions: readonly string[]): string[] {
  const paths = new Set<string>();
  for (const entry of wordlistEntries(wordlist)) {
    for (const path of entry.includes('%EXT%') ? extensions.map((ext) => entry.replaceAll('%EXT%', ext)) : [entry]) paths.add(`/${safequote(path)}`);
  }
  return [...paths];
}

/** The default extensions of dirsearch's config.ini (`default-extensions = php,asp,…`). */
export function defaultExtensions(configIni: string): string[] {
  const line = /^default-extensions\s*=\s*(.+)$/m.exec(configIni);
  if (line === null) throw new Error("dirsearch's config.ini names no default-extensions");
  return (line[1] as string).split(',').map((ext) => ext.trim()).filter((ext) => ext !== '');
}

async function readWheel(log: (line: string) => void, files: readonly string[]): Promise<Record<string, string>> {
  return Lists.parse(await dumpFromWheel({ name: 'dirsearch', version: DIRSEARCH_VERSION, script: DUMP, args: files }, log));
}

/** The paths of dirsearch's default scan, in its order (fetched from PyPI once). */
export async function ensureDirsearchScan(log: (line: string) => void): Promise<string[]> {
  const files = await readWheel(log, ['dirsearch/db/dicc.txt', 'dirsearch/config.ini']);
  return dirsearchScan(files['dirsearch/db/dicc.txt'] ?? '', defaultExtensions(files['dirsearch/config.ini'] ?? ''));
}

/** Fetches the dirsearch wheel from PyPI once and reads its category wordlists. */
export async function ensureDirsearchProbes(log: (line: string) => void): Promise<ScannerAttack[]> {
  const files = await readWheel(log, CATEGORIES.map((category) => `dirsearch/db/categories/${category}.txt`));
  return dirsearchProbes(Object.fromEntries(CATEGORIES.map((category) => [category, files[`dirsearch/db/categories/${category}.txt`] ?? ''])));
}
