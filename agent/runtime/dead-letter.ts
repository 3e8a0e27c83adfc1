/**
 * Where events go that an output rejected for good (a mapping conflict, a document too large): one NDJSON
 * file per output under `<state_dir>/dead-letter/`, each line the event plus why it was rejected. Writing
 * here counts as delivery, so the source moves on and nothing is lost.
 */
import { appendFile, mkdir, open } from 'node:fs/promises';
import path from 'node:path';
import type { LogEvent } from '../event.js';

export class DeadLetterFile {
  readonly file: string;

  constructor(stateDir: string, outputId: string) {
    this.file = path.join(stateDir, 'dead-letter', `${outputId.replace(/[^A-Za-z0-9_.-]/g, '_')}.ndjson`);
  }

  async write(events: readonly LogEvent[], reason: string): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    const at = new Date().toISOString();
    const lines = events.map((event) => JSON.stringify({ '@timestamp': at, reason, event })).join('\n');
    await appendFile(this.file, `${lines}\n`);
    const handle = await open(this.file, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
}
