/**
 * What the engine and the dead-letter files hold at the end of a soak run: documents per event.id (every id,
 * paged with a composite aggregation, so the count is exact), and the ids of dead-lettered events.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Client } from '@elastic/elasticsearch';
import { z } from 'zod';

const compositePage = z.object({
  aggregations: z.object({
    ids: z.object({
      after_key: z.object({ id: z.string() }).optional(),
      buckets: z.array(z.object({ key: z.object({ id: z.string().nullable() }), doc_count: z.number() })),
    }),
  }),
});

/** Documents per event.id in `index` (refreshed first); documents without one are counted under "". */
export async function documentsPerId(client: Client, index: string): Promise<Map<string, number>> {
  await client.indices.refresh({ index });
  const counts = new Map<string, number>();
  let after: { id: string } | undefined;
  for (;;) {
    const response = await client.search({
      index,
      size: 0,
      aggregations: {
        ids: { composite: { size: 10_000, sources: [{ id: { terms: { field: 'event.id', missing_bucket: true } } }], ...(after ? { after } : {}) } },
      },
    });
    const page = compositePage.parse(response).aggregations.ids;
    for (const bucket of page.buckets) counts.set(bucket.key.id ?? '', bucket.doc_count);
    if (page.buckets.length === 0 || page.after_key === undefined) return counts;
    after = page.after_key;
  }
}

const deadLetter = z.object({ event: z.object({ event: z.object({ id: z.string() }).optional() }).loose() });

/** The event.id of every event in a dead-letter file ("" for one without); none when the file is absent. */
export function deadLetterIds(file: string): string[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => deadLetter.parse(JSON.parse(line)).event.event?.id ?? '');
}

const sourcesPage = z.object({
  hits: z.object({
    hits: z.array(z.object({ _source: z.object({ event: z.object({ id: z.string() }), log: z.object({ file: z.object({ path: z.string() }) }) }).loose() })),
  }),
});

/**
 * Where the extra copies of duplicated ids came from: the same file (sent again after a kill or a failed
 * request) or another file (read again from a rotated file or a copytruncate copy).
 */
export async function duplicateOrigins(client: Client, index: string, counts: ReadonlyMap<string, number>): Promise<{ sameFile: number; otherFile: number }> {
  const duplicated = [...counts].filter(([id, n]) => id !== '' && n > 1).map(([id]) => id);
  let sameFile = 0;
  let otherFile = 0;
  for (let i = 0; i < duplicated.length; i += 500) {
    const ids = duplicated.slice(i, i + 500);
    const response = await client.search({ index, size: 10_000, _source: ['event.id', 'log.file.path'], query: { terms: { 'event.id': ids } } });
    const paths = new Map<string, string[]>();
    for (const hit of sourcesPage.parse(response).hits.hits) {
      const list = paths.get(hit._source.event.id) ?? [];
      list.push(hit._source.log.file.path);
      paths.set(hit._source.event.id, list);
    }
    for (const list of paths.values()) {
      const files = new Set(list).size;
      otherFile += files - 1;
      sameFile += list.length - files;
    }
  }
  return { sameFile, otherFile };
}
