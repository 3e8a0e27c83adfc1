/**
 * Counts the events a tool has written so far, reading only what was added since the last look, so the
 * benchmark can take the time when the last event is in the output without re-reading a 200 MiB file.
 */
import { open, type FileHandle } from 'node:fs/promises';

export interface EventCounter {
  count(): Promise<number>;
  close(): Promise<void>;
}

/** Counts occurrences of `marker` (a newline for NDJSON, a per-record key for OTLP JSON) in a growing file. */
export function fileMarkerCounter(file: string, marker: string): EventCounter {
  const needle = Buffer.from(marker);
  const buffer = Buffer.allocUnsafe(4 * 1024 * 1024);
  let handle: FileHandle | undefined;
  let offset = 0;
  let total = 0;
  // The marker's first bytes at the end of one read, so a marker split across two reads is counted once.
  let carry = Buffer.alloc(0);
  return {
    async count() {
      handle ??= await open(file, 'r').catch(() => undefined);
      if (handle === undefined) return 0;
      for (;;) {
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
        if (bytesRead === 0) return total;
        offset += bytesRead;
        const chunk = carry.length > 0 ? Buffer.concat([carry, buffer.subarray(0, bytesRead)]) : buffer.subarray(0, bytesRead);
        let at = chunk.indexOf(needle);
        let last = -1;
        while (at !== -1) {
          total++;
          last = at;
          at = chunk.indexOf(needle, at + needle.length);
        }
        const keepFrom = Math.max(last === -1 ? 0 : last + needle.length, chunk.length - (needle.length - 1));
        carry = Buffer.from(chunk.subarray(keepFrom));
      }
    },
    async close() {
      await handle?.close();
    },
  };
}

/** Counts documents in an index pattern; a refresh first, so what was indexed is counted. */
export function searchCounter(node: string, pattern: string): EventCounter {
  return {
    async count() {
      await fetch(`${node}/${pattern}/_refresh?ignore_unavailable=true&allow_no_indices=true`, { method: 'POST' }).catch(() => undefined);
      const response = await fetch(`${node}/${pattern}/_count?ignore_unavailable=true&allow_no_indices=true`).catch(() => undefined);
      if (!response?.ok) return 0;
      const body = (await response.json()) as { count?: number };
      return body.count ?? 0;
    },
    async close() {},
  };
}
