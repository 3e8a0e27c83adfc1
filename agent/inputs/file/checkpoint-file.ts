/**
 * The file input's checkpoint file (`<state_dir>/checkpoints/file-<id>.json`): the delivered position of each
 * file by its identity (device:inode), loaded once at start-up and written in the agent's checkpoint rounds.
 * Positions loaded and not yet matched to a file are kept (and written back) until start-up is over, so a
 * crash during it forgets nothing.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { z } from 'zod';
import { JsonStateFile, safeFileName } from '../../kit.js';
import { fileKey } from './fingerprint.js';
import type { TailPosition } from './file-tail.js';

const positionSchema = z.object({
  path: z.string(),
  fingerprint: z.object({ length: z.number().int().nonnegative(), hash: z.string() }),
  offset: z.number().int().nonnegative(),
  sample: z.object({ offset: z.number().int().nonnegative(), length: z.number().int().positive(), hash: z.string() }).optional(),
});
const checkpointFileSchema = z.object({ version: z.literal(1), files: z.record(z.string(), positionSchema) });

export class CheckpointFile {
  private readonly state: JsonStateFile<typeof checkpointFileSchema>;
  /** Positions read from the checkpoint file and not yet matched to a file. */
  private readonly unmatchedByKey = new Map<string, TailPosition>();
  private lastWritten = '';

  constructor(
    stateDir: string,
    inputId: string,
    private readonly logger: Logger,
  ) {
    this.state = new JsonStateFile(path.join(stateDir, 'checkpoints', `file-${safeFileName(inputId)}.json`), checkpointFileSchema);
  }

  /** Reads the saved positions; an unreadable file is set aside (the input starts without it). */
  async load(): Promise<void> {
    const result = await this.state.read();
    if (result.kind === 'corrupt') {
      this.logger.error({ file: result.movedTo, reason: result.reason }, 'checkpoint file unreadable; set aside, starting without it');
    } else if (result.kind === 'ok') {
      for (const [key, position] of Object.entries(result.value.files)) this.unmatchedByKey.set(key, position);
      this.lastWritten = JSON.stringify(result.value);
    }
  }

  /** The saved position of the file with this identity, while it is not matched yet. */
  saved(key: string): TailPosition | undefined {
    return this.unmatchedByKey.get(key);
  }

  /** Saved positions not matched to a followed file yet, by file identity. */
  get unmatched(): ReadonlyMap<string, TailPosition> {
    return this.unmatchedByKey;
  }

  /** The file is followed now: its position comes from its tail from here on. */
  matched(key: string): void {
    this.unmatchedByKey.delete(key);
  }

  /** Start-up is over: positions of files not found are dropped from the next checkpoint. */
  forgetUnmatched(): void {
    this.unmatchedByKey.clear();
  }

  /**
   * Files with a checkpoint first: their truncation since then is known before a copy of them is looked at,
   * whichever sorts first.
   */
  async checkpointedFirst(files: string[]): Promise<string[]> {
    if (this.unmatchedByKey.size === 0) return files;
    const resumed = new Set<string>();
    for (const file of files) {
      const st = await stat(file, { bigint: true }).catch(() => undefined);
      if (st && this.unmatchedByKey.has(fileKey(st.dev, st.ino))) resumed.add(file);
    }
    return [...files.filter((file) => resumed.has(file)), ...files.filter((file) => !resumed.has(file))];
  }

  /**
   * Captures the unmatched saved positions and `positions` (the followed files', by identity) now; the
   * returned function writes them, unless that is what the file already holds.
   */
  snapshot(positions: Iterable<readonly [string, TailPosition]>): () => Promise<void> {
    const files: Record<string, TailPosition> = {};
    for (const [key, position] of this.unmatchedByKey) files[key] = position;
    for (const [key, position] of positions) files[key] = position;
    const content = { version: 1 as const, files };
    const text = JSON.stringify(content);
    return async () => {
      if (text === this.lastWritten) return;
      await this.state.write(content);
      this.lastWritten = text;
    };
  }
}
