/**
 * Builds the HTTP threat corpus into .cache/threat-corpus/ (train.jsonl, eval.jsonl, manifest.json) from the
 * go-ftw tests of the coraza-coreruleset Go module (downloaded once into .cache/go) and generated shop
 * traffic, and rewrites the committed count summary bench/threat-corpus.md. `ensureCorpus` skips the work
 * when the manifest already matches.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

import { assembleCorpus, countCorpus, type SourceFile } from './corpus.js';
import { downloadModule, repositoryRoot } from './go.js';
import { CorpusRecord } from './records.js';

export const CRS_MODULE = 'github.com/corazawaf/coraza-coreruleset/v4';
export const CRS_VERSION = 'v4.25.0';
/** Bump when the record format or the way records are derived changes, so cached corpora are rebuilt. */
/** 2: records carry the Host header. */
const FORMAT = 2;
const SHOP = { shopCount: 3000, shopSeed: 11 };

const Manifest = z.object({ format: z.number(), crs: z.string(), shopCount: z.number(), shopSeed: z.number(), records: z.number(), skipped: z.number() });

export interface CorpusPaths {
  dir: string;
  train: string;
  eval: string;
  manifest: string;
}

export function corpusPaths(root = repositoryRoot()): CorpusPaths {
  const dir = path.join(root, '.cache', 'threat-corpus');
  return { dir, train: path.join(dir, 'train.jsonl'), eval: path.join(dir, 'eval.jsonl'), manifest: path.join(dir, 'manifest.json') };
}

async function readFolderFiles(dir: string, pattern: RegExp): Promise<SourceFile[]> {
  const names = (await readdir(dir, { recursive: true })).filter((name) => pattern.test(name)).sort();
  return Promise.all(names.map(async (name) => ({ name, text: await readFile(path.join(dir, name), 'utf8') })));
}

function summaryMarkdown(rows: ReturnType<typeof countCorpus>, skipped: number): string {
  const lines = [
    '# HTTP threat corpus: counts',
    '',
    `Written by \`npm run corpus:threats\` from the go-ftw tests of \`${CRS_MODULE}@${CRS_VERSION}\` (REQUEST-911 to 944) and ${SHOP.shopCount} generated shop requests (seed ${SHOP.shopSeed}). The corpus itself is in \`.cache/threat-corpus/\`; see docs/testing.md. "log-visible": the payload is in the request line, User-Agent or Referer. ${skipped} test stages were left out (response and blocking-evaluation rules, or tests that only check a status or a log regex).`,
    '',
    '| split | source | class | label | requests | log-visible |',
    '|---|---|---|---|---:|---:|',
    ...rows.map((r) => `| ${r.split} | ${r.source} | ${r.class} | ${r.label} | ${r.total} | ${r.logVisible} |`),
    '',
  ];
  return lines.join('\n');
}

export async function buildCorpus(root = repositoryRoot(), log: (line: string) => void = () => {}): Promise<CorpusPaths> {
  const moduleDir = await downloadModule(CRS_MODULE, CRS_VERSION, root);
  log(`CRS tests from ${moduleDir}`);
  const tests = await readFolderFiles(path.join(moduleDir, 'tests'), /^REQUEST-[^/]+\/[^/]+\.ya?ml$/);
  const rules = await readFolderFiles(path.join(moduleDir, 'rules', '@owasp_crs'), /^REQUEST-.*\.conf$/);
  const { records, skipped } = assembleCorpus(tests, rules, SHOP);
  const paths = corpusPaths(root);
  await mkdir(paths.dir, { recursive: true });
  const jsonl = (split: string) => records.filter((r) => r.split === split).map((r) => `${JSON.stringify(r)}\n`).join('');
  await writeFile(paths.train, jsonl('train'));
  await writeFile(paths.eval, jsonl('eval'));
  await writeFile(path.join(root, 'bench', 'threat-corpus.md'), summaryMarkdown(countCorpus(records), skipped));
  const manifest: z.infer<typeof Manifest> = { format: FORMAT, crs: `${CRS_MODULE}@${CRS_VERSION}`, ...SHOP, records: records.length, skipped };
  await writeFile(paths.manifest, `${JSON.stringify(manifest, null, 2)}\n`);
  log(`${records.length} requests (${tests.length} test files; ${skipped} stages left out) → ${path.relative(root, paths.dir)}/`);
  return paths;
}

/** The corpus, built first if it is missing or was built from another CRS version or format. */
export async function ensureCorpus(root = repositoryRoot(), log: (line: string) => void = () => {}): Promise<CorpusPaths> {
  const paths = corpusPaths(root);
  if (existsSync(paths.manifest) && existsSync(paths.eval) && existsSync(paths.train)) {
    const manifest = Manifest.safeParse(JSON.parse(await readFile(paths.manifest, 'utf8')));
    if (manifest.success && manifest.data.format === FORMAT && manifest.data.crs === `${CRS_MODULE}@${CRS_VERSION}` && manifest.data.shopCount === SHOP.shopCount && manifest.data.shopSeed === SHOP.shopSeed) return paths;
  }
  return buildCorpus(root, log);
}

/** Reads one part of the corpus back, validated. */
export async function readCorpus(file: string): Promise<CorpusRecord[]> {
  return (await readFile(file, 'utf8'))
    .split('\n')
    .filter((line) => line !== '')
    .map((line, index) => {
      const result = CorpusRecord.safeParse(JSON.parse(line));
      if (!result.success) throw new Error(`${file}:${index + 1}: ${z.prettifyError(result.error)}`);
      return result.data;
    });
}
