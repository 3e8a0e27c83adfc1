/**
 * Files the input stopped following (renamed away from its path or deleted, read to the end), remembered by
 * identity with how far they were read. A released file can turn up under the globs again: renamed to a name
 * they also match after it was released (a rotation noticed while the pipeline was backed up, or a rename in
 * two steps), or found again after a restart. It then continues where it was read to instead of counting as
 * new and being read twice. A file deleted for good is only kept while its batches are in flight; a renamed
 * one while it can still be found in its directory, and in the checkpoint meanwhile.
 *
 * A file closed as inactive (`close_inactive`) is remembered here too, still under the globs: scans that find
 * it unchanged leave it closed; a write to it, or a scan that finds it grown, has it followed on from where it
 * was read to. Its head and read samples are kept, so a copy of it (copytruncate of a quiet file) is still
 * recognised.
 */
import type { FileHandle } from 'node:fs/promises';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { OrderedAcks } from '../../kit.js';
import type { FollowedHead } from './copy-detector.js';
import type { KnownHead, TruncatedFile } from './copy-match.js';
import type { FileTail, TailPosition } from './file-tail.js';
import { confirmHead, fileKey, type Fingerprint, type Head } from './fingerprint.js';
import type { Sample } from './read-samples.js';

/** What is kept of a file closed as inactive, beyond its position. */
interface Closed {
  /** Bytes read when it was closed: its size then. A scan finding another size opens it again. */
  readonly readTo: number;
  /**
   * Its modification time then (ns): a file truncated and written again to the same size is found changed by a
   * scan too, where no directory watch reports the writes (network file systems).
   */
  readonly modifiedNs: bigint;
  readonly head: KnownHead;
  readonly samples: readonly Sample[];
  /** Set by a write to it, or when a new file starts like it (to see it truncated): open it again when next found. */
  wake: boolean;
}

interface Released {
  /** Where the file was last seen. */
  path: string;
  readonly fingerprint: Fingerprint;
  /** Where reading goes on when it is followed again: everything before was handed to the pipeline. */
  readonly resumeAt: number;
  /** Its batches still in flight, taken over when it is followed again (none for one from the checkpoint). */
  readonly acks: OrderedAcks | undefined;
  /** False once the file was deleted: it cannot turn up again, only its in-flight batches matter. */
  readonly linked: boolean;
  readonly tail: FileTail | undefined;
  readonly saved: TailPosition | undefined;
  /** Set for a file closed as inactive. */
  readonly closed?: Closed;
}

/**
 * A released file found again: where its reading continues (`resume`), or, when its content changed, that it
 * is to be read as new (`new`), with what was read from it before when it was one closed as inactive (the
 * copy detector's record of a truncation).
 */
export type Refound =
  | {
      readonly kind: 'resume';
      readonly head: Head;
      readonly offset: number;
      readonly acks: OrderedAcks | undefined;
      readonly samples: readonly Sample[] | undefined;
      /** The path it had when it was released. */
      readonly was: string;
    }
  | { readonly kind: 'new'; readonly truncated: TruncatedFile | undefined };

export class ReleasedFiles {
  private readonly byKey = new Map<string, Released>();
  /** The files closed as inactive by path, for the directory watch's write events (one per write). */
  private readonly closedByPath = new Map<string, string>();

  /** A tail just released (its descriptor closed); `linked` tells whether the file still has a name. */
  addTail(tail: FileTail, linked: boolean): void {
    const { fingerprint } = tail.position();
    this.byKey.set(tail.key, { path: tail.path, fingerprint, resumeAt: tail.handedOn, acks: tail.acknowledgements, linked, tail, saved: undefined });
  }

  /**
   * A followed file closed because it was idle (read to its end, everything delivered): its descriptor is
   * closed, and only its position, head, samples and modification time (`modifiedNs`) are kept.
   */
  addClosed(tail: FileTail, modifiedNs: bigint): void {
    const saved = tail.position();
    const closed: Closed = { readTo: tail.readTo, modifiedNs, head: tail.knownHead, samples: tail.readSamples(), wake: false };
    this.byKey.set(tail.key, { path: tail.path, fingerprint: saved.fingerprint, resumeAt: tail.handedOn, acks: undefined, linked: true, tail: undefined, saved, closed });
    this.closedByPath.set(tail.path, tail.key);
  }

  /**
   * Whether the file with identity `key`, found at `file` with `size` bytes modified at `modifiedNs`, is one
   * closed as inactive that did not change since (then it stays closed; its path is updated).
   */
  unchanged(key: string, file: string, size: number, modifiedNs: bigint): boolean {
    const released = this.byKey.get(key);
    const closed = released?.closed;
    if (!released || !closed || closed.wake || size !== closed.readTo || modifiedNs !== closed.modifiedNs) return false;
    this.moved(key, released, file);
    return true;
  }

  /**
   * Marks the file closed as inactive at `file`, if there is one, to be opened again when next found. Returns
   * whether it was marked now: writes keep coming until it is followed again, and one opening is enough.
   */
  wake(file: string): boolean {
    const closed = this.byKey.get(this.closedByPath.get(file) ?? '')?.closed;
    if (!closed || closed.wake) return false;
    closed.wake = true;
    return true;
  }

  /** The heads of files closed as inactive, for the copy detector: a copy of one is recognised too. */
  closedHeads(): FollowedHead[] {
    const heads: FollowedHead[] = [];
    for (const released of this.byKey.values()) if (released.closed) heads.push({ path: released.path, head: released.closed.head });
    return heads;
  }

  /** Checkpointed files not found under the globs at start-up: they may turn up there later. */
  addSaved(saved: ReadonlyMap<string, TailPosition>): void {
    for (const [key, position] of saved) {
      this.byKey.set(key, { path: position.path, fingerprint: position.fingerprint, resumeAt: position.offset, acks: undefined, linked: true, tail: undefined, saved: position });
    }
  }

  get size(): number {
    return this.byKey.size;
  }

  /** The tails whose batches may still be in flight (for the behind-bytes gauge). */
  tails(): FileTail[] {
    const tails: FileTail[] = [];
    for (const released of this.byKey.values()) if (released.tail) tails.push(released.tail);
    return tails;
  }

  /**
   * The positions to checkpoint: every remembered file, so one found again after a restart resumes too.
   * Deleted files whose batches were all delivered are forgotten here.
   */
  positions(): [string, TailPosition][] {
    const positions: [string, TailPosition][] = [];
    for (const [key, released] of this.byKey) {
      if (!released.linked && (released.tail?.undelivered ?? 0) === 0) {
        this.forget(key, released);
        continue;
      }
      const position = released.tail?.position() ?? released.saved;
      if (position) positions.push([key, { ...position, path: released.path }]);
    }
    return positions;
  }

  /**
   * When the file with identity `key`, open as `handle` with `size` bytes, is a released one: where to go on
   * reading it. A different file behind a reused inode (other first bytes) or one now shorter than what was
   * read is not: it is forgotten, and the caller reads the file as new.
   */
  async resume(key: string, handle: FileHandle, size: number): Promise<Refound | undefined> {
    const released = this.byKey.get(key);
    if (!released) return undefined;
    this.forget(key, released);
    const head = size >= released.resumeAt ? await confirmHead(handle, size, released.fingerprint) : undefined;
    if (head) return { kind: 'resume', head, offset: released.resumeAt, acks: released.acks, samples: released.closed?.samples, was: released.path };
    const closed = released.closed;
    const truncated = closed && { path: released.path, head: closed.head, samples: closed.samples, resumeAt: released.resumeAt, acks: undefined, seenAt: Date.now() };
    return { kind: 'new', truncated };
  }

  /**
   * Forgets the files that are gone: each is looked for by its inode at its last path, then in that path's
   * directory (a rotation may have renamed it again). Run with the periodic scan and on each release.
   * Returns the new paths of files found renamed.
   */
  async prune(): Promise<string[]> {
    const moved: string[] = [];
    const lost = new Map<string, Map<string, Released>>();
    for (const [key, released] of this.byKey) {
      if (!released.linked) continue;
      const st = await stat(released.path, { bigint: true }).catch(() => undefined);
      if (st && fileKey(st.dev, st.ino) === key) continue;
      const dir = path.dirname(released.path);
      const inDir = lost.get(dir) ?? new Map<string, Released>();
      inDir.set(key, released);
      lost.set(dir, inDir);
    }
    for (const [dir, wanted] of lost) {
      const names = await readdir(dir).catch(() => [] as string[]);
      for (const name of names) {
        if (wanted.size === 0) break;
        const file = path.join(dir, name);
        const st = await stat(file, { bigint: true }).catch(() => undefined);
        const key = st && fileKey(st.dev, st.ino);
        const released = key === undefined ? undefined : wanted.get(key);
        if (key === undefined || !released) continue;
        this.moved(key, released, file);
        moved.push(file);
        wanted.delete(key);
      }
      for (const [key, released] of wanted) {
        if ((released.tail?.undelivered ?? 0) === 0) this.forget(key, released);
      }
    }
    return moved;
  }

  private moved(key: string, released: Released, file: string): void {
    if (released.closed && released.path !== file) {
      if (this.closedByPath.get(released.path) === key) this.closedByPath.delete(released.path);
      this.closedByPath.set(file, key);
    }
    released.path = file;
  }

  private forget(key: string, released: Released): void {
    this.byKey.delete(key);
    if (released.closed && this.closedByPath.get(released.path) === key) this.closedByPath.delete(released.path);
  }
}
