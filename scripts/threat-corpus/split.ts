/**
 * The deterministic train / evaluation split. CRS tests are split by rule file, never by test, because the
 * tests of one rule are near-duplicates of each other; within each attack class the files are ordered by a
 * hash of their rule id and every third goes to evaluation, so every class with a file is in both parts
 * once it has two or more files. A class with a single file (913 scanners, 911 methods) is split by test
 * instead, as otherwise it would be missing from one part. Generated traffic is split by a hash of the
 * request id.
 */
import { createHash } from 'node:crypto';

export type Split = 'train' | 'eval';

function hashOrder(key: string): string {
  return createHash('sha256').update(`threat-corpus/${key}`).digest('hex');
}

/** Split of each group (rule id) within one class: every third in hash order goes to evaluation. */
export function splitGroups(groups: readonly string[]): Map<string, Split> {
  const ordered = [...new Set(groups)].sort((a, b) => hashOrder(a).localeCompare(hashOrder(b)) || a.localeCompare(b));
  return new Map(ordered.map((group, index) => [group, index % 3 === 1 ? 'eval' : 'train']));
}

/** Split of one independent item (a generated request) by a hash of its id: about a third in evaluation. */
export function splitItem(id: string): Split {
  return Number.parseInt(hashOrder(id).slice(0, 8), 16) % 3 === 0 ? 'eval' : 'train';
}
