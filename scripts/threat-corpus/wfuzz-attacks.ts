/**
 * A third tool's attacks that neither CRS nor http_threat was written for: the injection wordlists of the
 * web fuzzer wfuzz, as Debian packages them (`apt-get download wfuzz`; the PyPI wheel leaves the wordlists
 * out). wfuzz puts each line where the URL says FUZZ, as written: the lists carry their own percent escapes.
 * Each request is split into a half by a hash, like wapiti's: detectors may be fixed against the dev half only.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { aptDownload, debField, extractDeb } from '../nginx/debian.js';
import { EXTRA_DOWNLOADS } from './extra/paths.js';
import { TARGETS, type ScannerAttack } from './scanner-attacks.js';
import { BROWSERS, SHOP_HOST } from './shop-traffic.js';
import { halfOf } from './text-searches.js';

/** The wordlists used, under the package's /usr/share/wfuzz/wordlist, with the class each attacks. */
export const WORDLISTS = [
  { file: 'Injections/SQL.txt', class: 'sqli' },
  { file: 'vulns/sql_inj.txt', class: 'sqli' },
  { file: 'Injections/XSS.txt', class: 'xss' },
  { file: 'Injections/Traversal.txt', class: 'lfi' },
  // XPath, XXE, PHP and scripts in CDATA: injections into XML documents.
  { file: 'Injections/XML.txt', class: 'xml' },
] as const;

const FOLDER = path.join(EXTRA_DOWNLOADS, 'wfuzz');
const WORDLIST_ROOT = path.join(FOLDER, 'usr', 'share', 'wfuzz', 'wordlist');

/**
 * Bare SQL keywords (`select`, `order by`) and lone signs (`'`, `--`, `%7C`) are probes for an error page, with
 * nothing in them that either side could call an attack; like wapiti's `nosuchvalue`, they are left out.
 */
function carriesAttack(payload: string): boolean {
  const decoded = payload.replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return decoded.length > 2 && /[^\w ]/.test(decoded);
}

/** What a request line cannot carry raw (spaces, control bytes, `#`, which would end the URL) percent-escaped; the rest as written. */
export function asRequestTarget(payload: string): string {
  // eslint-disable-next-line no-control-regex -- control bytes are what must be escaped
  return payload.replace(/[\s\x00-\x1f\x7f#]|[^\x00-\x7f]+/g, encodeURIComponent);
}

export function wfuzzAttacks(lists: ReadonlyArray<{ file: string; class: string; lines: readonly string[] }>): ScannerAttack[] {
  const requests = new Map<string, ScannerAttack>();
  for (const list of lists) {
    const module = path.basename(list.file, '.txt');
    for (const line of list.lines) {
      if (!carriesAttack(line)) continue;
      for (const [t, target] of TARGETS.entries()) {
        const uri = `${target.path}?${target.param}=${asRequestTarget(line)}`;
        const userAgent = BROWSERS[t % BROWSERS.length] as string;
        const key = `${uri}\n${userAgent}`;
        if (!requests.has(key)) requests.set(key, { id: `wfuzz-${requests.size}`, method: 'GET', uri, user_agent: userAgent, host: SHOP_HOST, half: halfOf(key), class: list.class, module });
      }
    }
  }
  return [...requests.values()];
}

/** Fetches and unpacks Debian's wfuzz once into .cache/threat-extra/wfuzz, and builds its requests; returns the package version too. */
export async function ensureWfuzzAttacks(log: (line: string) => void): Promise<{ version: string; attacks: ScannerAttack[] }> {
  const versionFile = path.join(FOLDER, 'version');
  if (!existsSync(versionFile)) {
    await mkdir(FOLDER, { recursive: true });
    log('apt-get download wfuzz');
    const [deb] = await aptDownload(['wfuzz'], FOLDER, process.env);
    if (deb === undefined) throw new Error(`apt-get download wfuzz left no .deb in ${FOLDER}`);
    await extractDeb(deb, FOLDER, process.env);
    await writeFile(versionFile, await debField(deb, 'Version', process.env));
  }
  if (!existsSync(WORDLIST_ROOT)) throw new Error(`the wfuzz package in ${FOLDER} has no wordlists (found ${(await readdir(FOLDER)).join(', ')})`);
  const lists = await Promise.all(
    WORDLISTS.map(async (w) => ({ ...w, lines: (await readFile(path.join(WORDLIST_ROOT, w.file), 'latin1')).split(/\r?\n/).filter((line) => line !== '') })),
  );
  return { version: (await readFile(versionFile, 'utf8')).trim(), attacks: wfuzzAttacks(lists) };
}
