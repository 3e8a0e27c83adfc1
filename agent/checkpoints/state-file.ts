/**
 * A JSON state file written atomically: temp file, fsync, rename over the old one, fsync the directory.
 * A reader sees either the old or the new content, also after kill -9 or a power cut. Contents are
 * validated on read; a corrupt file is set aside (never silently reused) and the caller starts fresh.
 */
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { errorMessage, SidecarError } from '../errors.js';

export type StateReadResult<T> = { kind: 'missing' } | { kind: 'ok'; value: T } | { kind: 'corrupt'; reason: string; movedTo: string };

export class JsonStateFile<S extends z.ZodType> {
  constructor(
    readonly file: string,
    private readonly schema: S,
  ) {}

  async read(): Promise<StateReadResult<z.output<S>>> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
      throw error;
    }
    let reason: string;
    try {
      const parsed = this.schema.safeParse(JSON.parse(text));
      if (parsed.success) return { kind: 'ok', value: parsed.data };
      reason = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    } catch (error) {
      reason = (error as Error).message;
    }
    const movedTo = `${this.file}.corrupt-${Date.now()}`;
    await rename(this.file, movedTo);
    return { kind: 'corrupt', reason, movedTo };
  }

  async write(value: z.input<S>): Promise<void> {
    try {
      await this.replace(JSON.stringify(value));
    } catch (error) {
      // A full disk: name the file, and leave no half-written temp file behind to fill it further.
      await unlink(`${this.file}.tmp`).catch(() => undefined);
      throw new SidecarError('CHECKPOINT_WRITE', `cannot write ${this.file}: ${errorMessage(error)}`, { cause: error });
    }
  }

  private async replace(text: string): Promise<void> {
    const dir = path.dirname(this.file);
    await mkdir(dir, { recursive: true });
    const temp = `${this.file}.tmp`;
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, this.file);
    const dirHandle = await open(dir, 'r');
    try {
      await dirHandle.sync();
    } finally {
      await dirHandle.close();
    }
  }
}
