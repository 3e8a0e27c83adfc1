/**
 * What grew in a V8 heap between two snapshots of the same process: self size and count per node type and
 * constructor name, the largest growth first. Snapshots come from an agent started with
 * NODE_OPTIONS="--heapsnapshot-signal=SIGUSR2 --diagnostic-dir=DIR" and sent SIGUSR2 twice.
 * Usage: node dist/bench/heap-snapshot-diff.js <earlier.heapsnapshot> <later.heapsnapshot> [--top 20]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';

const Snapshot = z.object({
  snapshot: z.object({ meta: z.object({ node_fields: z.array(z.string()), node_types: z.tuple([z.array(z.string())]).rest(z.unknown()) }) }),
  nodes: z.array(z.number()),
  strings: z.array(z.string()),
});

/** Node types whose name is a constructor or a system name; for the others (strings, numbers …) the type is the name. */
const NAMED_TYPES = new Set(['object', 'closure', 'native', 'hidden', 'code', 'array', 'synthetic']);

interface Totals {
  readonly bytes: number;
  readonly perKind: Map<string, { bytes: number; count: number }>;
}

function totals(file: string): Totals {
  const { snapshot, nodes, strings } = Snapshot.parse(JSON.parse(readFileSync(file, 'utf8')));
  const fields = snapshot.meta.node_fields;
  const types = snapshot.meta.node_types[0];
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f)) as [number, number, number];
  const perKind = new Map<string, { bytes: number; count: number }>();
  let bytes = 0;
  for (let i = 0; i < nodes.length; i += fields.length) {
    const type = types[nodes[i + typeAt] as number] ?? '?';
    const size = nodes[i + sizeAt] as number;
    const kind = `${type} ${NAMED_TYPES.has(type) ? (strings[nodes[i + nameAt] as number] ?? '').slice(0, 60) : ''}`.trim();
    const entry = perKind.get(kind) ?? { bytes: 0, count: 0 };
    entry.bytes += size;
    entry.count += 1;
    perKind.set(kind, entry);
    bytes += size;
  }
  return { bytes, perKind };
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '20' } } });
const [earlierFile, laterFile] = positionals;
if (earlierFile === undefined || laterFile === undefined) throw new Error('usage: heap-snapshot-diff <earlier.heapsnapshot> <later.heapsnapshot> [--top 20]');
const earlier = totals(earlierFile);
const later = totals(laterFile);
const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
const kib = (bytes: number) => Math.round(bytes / 1024).toLocaleString('en');
console.log(`self size of all nodes: ${mib(earlier.bytes)} → ${mib(later.bytes)} MiB\n`);
console.log('| node type and name | earlier KiB | later KiB | count |');
console.log('| --- | ---: | ---: | --- |');
const kinds = [...new Set([...earlier.perKind.keys(), ...later.perKind.keys()])];
const none = { bytes: 0, count: 0 };
const growth = (kind: string) => (later.perKind.get(kind) ?? none).bytes - (earlier.perKind.get(kind) ?? none).bytes;
for (const kind of kinds.sort((a, b) => growth(b) - growth(a)).slice(0, Number(values.top))) {
  const a = earlier.perKind.get(kind) ?? none;
  const b = later.perKind.get(kind) ?? none;
  console.log(`| ${kind} | ${kib(a.bytes)} | ${kib(b.bytes)} | ${a.count.toLocaleString('en')} → ${b.count.toLocaleString('en')} |`);
}
