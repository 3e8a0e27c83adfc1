/**
 * Builds .cache/threat-corpus/extra.jsonl (and train-with-extra.jsonl, the train part followed by it): labelled training requests made from payload lists shipped in
 * PyPI packages, downloaded once with `pip download` into .cache/threat-extra/. Train only: none of it
 * comes from the CRS tests, so the eval part stays unseen.
 *
 * - sqli: sqlmap's test payloads with its boundaries (sqlmap.ts);
 * - xss: brs-kb's payload database (brs.ts);
 * - lfi: sqlmap's list of files to read, behind traversal forms (lfi.ts);
 * - benign: sqlmap's browser User-Agents on shop requests, shop traffic of another seed than the corpus's,
 *   and sqlmap's common column names as ordinary sort/filter parameters (words that look like SQL).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

import { pypiWheel } from '../pypi-wheel.js';
import { generateShopTraffic } from '../shop-traffic.js';
import { brsPayloads } from './brs.js';
import { traversalPayloads } from './lfi.js';
import { ensureCorpus } from '../build.js';
import { EXTRA_DOWNLOADS, EXTRA_FILE, TRAIN_WITH_EXTRA_FILE } from './paths.js';
import { placer, type ExtraExample } from './placement.js';
import { sqlmapPayloads } from './sqlmap.js';

export const PACKAGES = { sqlmap: '1.10.10', 'brs-kb': '4.0.2' } as const;
/** At most this many rows per attack class, so no class drowns the corpus's own rows. */
const PER_CLASS = 2500;
const SHOP_SEED = 29;
const run = promisify(execFile);

async function download(log: (line: string) => void): Promise<{ sqlmap: string; brs: string }> {
  const sqlmap = path.join(EXTRA_DOWNLOADS, `sqlmap-${PACKAGES.sqlmap}`, 'sqlmap');
  const brs = path.join(EXTRA_DOWNLOADS, `brs_kb-${PACKAGES['brs-kb']}`);
  await mkdir(EXTRA_DOWNLOADS, { recursive: true });
  if (!existsSync(sqlmap)) {
    log(`pip download sqlmap==${PACKAGES.sqlmap}`);
    await run('pip', ['download', '--no-deps', '--no-binary', ':all:', `sqlmap==${PACKAGES.sqlmap}`, '-d', EXTRA_DOWNLOADS]);
    await run('tar', ['xzf', `sqlmap-${PACKAGES.sqlmap}.tar.gz`, `sqlmap-${PACKAGES.sqlmap}/sqlmap/data`], { cwd: EXTRA_DOWNLOADS });
  }
  if (!existsSync(brs)) {
    const wheel = await pypiWheel('brs-kb', PACKAGES['brs-kb'], log);
    await run('python3', ['-m', 'zipfile', '-e', wheel, brs], { cwd: EXTRA_DOWNLOADS });
  }
  return { sqlmap, brs };
}

/** `count` of `items`, spread evenly over the list (all of them when there are fewer). */
export function spread<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items];
  return Array.from({ length: count }, (_, i) => items[Math.floor((i * items.length) / count)] as T);
}

export function benignRows(userAgents: readonly string[], columns: readonly string[], seed = SHOP_SEED): ExtraExample[] {
  const rng = xoroshiro128plus(seed);
  const next = (n: number) => uniformInt(rng, 0, n - 1);
  const shop = generateShopTraffic(3000, seed).map((r): ExtraExample => ({ label: 'benign', class: null, method: r.method, uri: r.uri, user_agent: r.user_agent, source: 'shop' }));
  const agents = userAgents.map((ua, i): ExtraExample => ({ label: 'benign', class: null, method: 'GET', uri: (shop[i % shop.length] as ExtraExample).uri, user_agent: ua, source: 'sqlmap user-agents' }));
  const sorts = columns.map((column): ExtraExample => {
    const uri = next(2) === 0 ? `/api/orders?sort=${column}&order=${next(2) === 0 ? 'asc' : 'desc'}&page=${1 + next(20)}` : `/admin/report?fields=${column},created_at&limit=${10 * (1 + next(10))}`;
    return { label: 'benign', class: null, method: 'GET', uri, user_agent: (userAgents[next(userAgents.length)] ?? '') || 'Mozilla/5.0', source: 'sqlmap common-columns' };
  });
  return [...shop, ...agents, ...sorts];
}

const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));

export async function buildExtra(log: (line: string) => void = () => {}): Promise<{ file: string; counts: Record<string, number> }> {
  const { sqlmap, brs } = await download(log);
  const data = path.join(sqlmap, 'data');
  const payloadDir = path.join(data, 'xml', 'payloads');
  const tests = await Promise.all((await readdir(payloadDir)).filter((n) => n.endsWith('.xml')).sort().map((n) => readFile(path.join(payloadDir, n), 'utf8')));
  const sqli = sqlmapPayloads(tests, await readFile(path.join(data, 'xml', 'boundaries.xml'), 'utf8'));
  const xss = await brsPayloads(brs);
  const lfi = traversalPayloads(await readFile(path.join(data, 'txt', 'common-files.txt'), 'utf8'));
  const place = placer(17);
  const attacks = [
    ...spread(sqli, PER_CLASS).map((p) => place(p, 'sqli', 'sqlmap payloads')),
    ...spread(xss, PER_CLASS).map((p) => place(p, 'xss', 'brs-kb')),
    ...spread(lfi, PER_CLASS).map((p) => place(p, 'lfi', 'sqlmap common-files', { userAgent: 0 })),
  ];
  const benign = benignRows(lines(await readFile(path.join(data, 'txt', 'user-agents.txt'), 'utf8')), lines(await readFile(path.join(data, 'txt', 'common-columns.txt'), 'utf8')));
  const rows = [...attacks, ...benign];
  await mkdir(path.dirname(EXTRA_FILE), { recursive: true });
  const extra = rows.map((r) => `${JSON.stringify(r)}\n`).join('');
  await writeFile(EXTRA_FILE, extra);
  await writeFile(TRAIN_WITH_EXTRA_FILE, (await readFile((await ensureCorpus(undefined, log)).train, 'utf8')) + extra);
  const counts: Record<string, number> = {};
  for (const r of rows) {
    const key = `${r.label}${r.class === null ? '' : ` ${r.class}`} (${r.source})`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  log(`${rows.length} extra examples (${sqli.length} sqlmap, ${xss.length} brs-kb, ${lfi.length} traversal payloads before sampling) → ${EXTRA_FILE}; with the train part → ${TRAIN_WITH_EXTRA_FILE}`);
  return { file: EXTRA_FILE, counts };
}
