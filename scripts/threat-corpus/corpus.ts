/**
 * Assembles the labelled corpus from go-ftw files, the CRS rule files (for paranoia levels) and generated shop
 * traffic. Pure: the caller reads the files, so tests can feed fixtures.
 */
import { attackClassOfRule } from './classes.js';
import { parseFtwFile, type FtwRequest } from './ftw.js';
import { paranoiaLevels } from './paranoia.js';
import { crsRecord, shopRecord, type CorpusRecord } from './records.js';
import { generateShopTraffic } from './shop-traffic.js';
import { splitGroups, splitItem } from './split.js';

export interface SourceFile {
  name: string;
  text: string;
}

export interface CorpusOptions {
  shopCount: number;
  shopSeed: number;
}

export interface Corpus {
  records: CorpusRecord[];
  /** Test stages left out: response rules, blocking evaluation, or nothing to label them by. */
  skipped: number;
}

export function assembleCorpus(testFiles: readonly SourceFile[], ruleFiles: readonly SourceFile[], options: CorpusOptions): Corpus {
  const levels = new Map<number, number>();
  for (const file of ruleFiles) for (const [id, level] of paranoiaLevels(file.text)) levels.set(id, level);
  const requests: FtwRequest[] = testFiles.flatMap((file) => parseFtwFile(file.text, file.name));
  // Files are split within their class so that each class is in both parts; a class of one file by test.
  const filesByClass = new Map<string, Set<number>>();
  for (const request of requests) {
    const key = attackClassOfRule(request.ruleId) ?? 'none';
    filesByClass.set(key, (filesByClass.get(key) ?? new Set()).add(request.ruleId));
  }
  const groupOf = (request: FtwRequest) => ((filesByClass.get(attackClassOfRule(request.ruleId) ?? 'none')?.size ?? 0) > 1 ? `${request.ruleId}` : `${request.ruleId}/${request.testId}`);
  const groupsByClass = new Map<string, string[]>();
  for (const request of requests) {
    const key = attackClassOfRule(request.ruleId) ?? 'none';
    groupsByClass.set(key, [...(groupsByClass.get(key) ?? []), groupOf(request)]);
  }
  const splits = new Map([...groupsByClass.values()].flatMap((groups) => [...splitGroups(groups)]));
  const records: CorpusRecord[] = [];
  let skipped = 0;
  for (const request of requests) {
    const record = crsRecord(request, splits.get(groupOf(request)) ?? 'train', levels);
    if (record) records.push(record);
    else skipped += 1;
  }
  for (const request of generateShopTraffic(options.shopCount, options.shopSeed)) records.push(shopRecord(request, splitItem(request.id)));
  return { records, skipped };
}

export interface CountRow {
  split: string;
  source: string;
  class: string;
  label: string;
  total: number;
  logVisible: number;
}

/** Counts by split, source, class and label, with how many are visible in an access log. */
export function countCorpus(records: readonly CorpusRecord[]): CountRow[] {
  const rows = new Map<string, CountRow>();
  for (const r of records) {
    const row: CountRow = { split: r.split, source: r.source, class: r.class ?? '-', label: r.label, total: 0, logVisible: 0 };
    const key = `${row.split}|${row.source}|${row.class}|${row.label}`;
    const existing = rows.get(key) ?? rows.set(key, row).get(key)!;
    existing.total += 1;
    if (r.log_visible) existing.logVisible += 1;
  }
  return [...rows.values()].sort((a, b) => a.split.localeCompare(b.split) || a.source.localeCompare(b.source) || a.class.localeCompare(b.class) || a.label.localeCompare(b.label));
}
