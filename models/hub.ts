/**
 * Fetches a transformers.js-ready model repository from the Hugging Face hub (or a mirror with the same URL
 * layout: `<endpoint>/<repo>/resolve/<revision>/<file>`) into a local folder. Only used when the config
 * allows it: sidecars are usually air-gapped and get their models from Maven Central or a baked image.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

export interface HubSource {
  readonly endpoint: string;
  readonly repo: string;
  readonly revision: string;
  readonly files: readonly string[];
}

export interface DownloadOptions {
  readonly timeoutMs?: number;
  /** Called as each file's bytes arrive; `total` is the Content-Length when the server sends one. */
  readonly onBytes?: (file: string, received: number, total: number | undefined) => void;
}

/** Downloads every file into `folder` (through a temporary folder, so a failed download leaves nothing half done). */
export async function downloadFromHub(source: HubSource, folder: string, options: DownloadOptions = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 300_000;
  const partial = `${folder}.partial`;
  await rm(partial, { recursive: true, force: true });
  try {
    for (const file of source.files) {
      const url = `${source.endpoint.replace(/\/+$/, '')}/${source.repo}/resolve/${source.revision}/${file}`;
      let response: Response;
      try {
        response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
      } catch (error) {
        throw new Error(`${url}: ${(error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message}`);
      }
      if (!response.ok || response.body === null) throw new Error(`${url}: HTTP ${response.status}`);
      const target = path.join(partial, file);
      await mkdir(path.dirname(target), { recursive: true });
      const length = Number(response.headers.get('content-length'));
      const total = Number.isFinite(length) && length > 0 ? length : undefined;
      let received = 0;
      const onBytes = options.onBytes;
      await pipeline(
        Readable.fromWeb(response.body as WebReadableStream<Uint8Array>),
        async function* (chunks: AsyncIterable<Uint8Array>) {
          for await (const chunk of chunks) {
            received += chunk.length;
            onBytes?.(file, received, total);
            yield chunk;
          }
        },
        createWriteStream(target),
      );
    }
    await rm(folder, { recursive: true, force: true });
    await rename(partial, folder);
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    throw error;
  }
}
