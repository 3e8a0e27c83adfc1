/**
 * Where reading a file starts when the input begins to follow it:
 *
 * - a file with a checkpoint resumes there, unless it was truncated since or its identity (inode) now belongs
 *   to a different file (its first bytes differ): then it starts at 0, and what it held is remembered in case
 *   a copy of it (copytruncate while stopped) turns up;
 * - a recognised copy of a truncated file continues where the original was read to (copy-detector.ts);
 * - a file that already existed at start-up, with `start_at: end`, starts at its last line (whole once it is
 *   completed);
 * - anything else is new and read from 0.
 *
 * Nothing here reads past a file's head and last line; the caller builds the tail and logs the reason.
 */
import type { FileHandle } from 'node:fs/promises';
import type { OrderedAcks } from '../../kit.js';
import type { CopyCandidate, Verdict } from './copy-detector.js';
import type { TruncatedFile } from './copy-match.js';
import type { TailPosition } from './file-tail.js';
import { confirmHead, headOf, takeHead, type Head } from './fingerprint.js';

export interface StartPosition {
  readonly offset: number;
  /** The file's head as of now, for its fingerprint. */
  readonly head: Head;
  /** `offset` lies inside an unfinished line too long to deliver: skip to the next line. */
  readonly skipPartialFirstLine: boolean;
  /** A copy's: the original's acknowledgements, whose batches may still be in flight. */
  readonly acks: OrderedAcks | undefined;
  /** What the file held at its checkpoint when it was truncated since: a copy of that may be among the new files. */
  readonly truncatedSince: TruncatedFile | undefined;
  /** Why it starts there, for the log. */
  readonly log: { readonly fields: Readonly<Record<string, unknown>>; readonly message: string };
}

/** A file with a checkpoint: from there, or from 0 when its content changed since. */
export async function resumePosition(file: string, handle: FileHandle, size: number, saved: TailPosition): Promise<StartPosition> {
  const confirmed = await confirmHead(handle, size, saved.fingerprint);
  if (confirmed && saved.offset <= size) return following(file, saved.offset, confirmed, 'checkpoint');
  // Truncated while the agent was stopped (copytruncate): a copy of what it held may be among the new files.
  const truncatedSince: TruncatedFile = {
    path: saved.path,
    head: { fingerprint: saved.fingerprint, bytes: undefined },
    samples: saved.sample ? [saved.sample] : [],
    resumeAt: saved.offset,
    acks: undefined,
    seenAt: Date.now(),
  };
  const reason = confirmed ? 'truncated since checkpoint' : 'new file behind a known inode';
  return { ...following(file, 0, await takeHead(handle, size), reason), truncatedSince };
}

/** A file without a checkpoint, once the copy detector decided on it: a copy where its original was read to, else as new. */
export async function newFilePosition(
  candidate: CopyCandidate,
  verdict: Exclude<Verdict, { kind: 'hold' }>,
  startAt: 'beginning' | 'end',
  maxLineBytes: number,
): Promise<StartPosition> {
  const { path: file, handle } = candidate;
  if (verdict.kind === 'copy') {
    return {
      offset: verdict.offset,
      head: headOf(candidate.head),
      skipPartialFirstLine: false,
      acks: verdict.original.acks,
      truncatedSince: undefined,
      log: {
        fields: { path: file, original: verdict.original.path, offset: verdict.offset },
        message: 'recognised a copy of a truncated file; reading it from where the original was read to',
      },
    };
  }
  const size = Number((await handle.stat()).size);
  const head = await takeHead(handle, size);
  if (candidate.initialScan && startAt === 'end' && size > 0) {
    // Start at the beginning of an unfinished last line, so it is delivered whole once completed.
    const lineStart = await lastLineStart(handle, size, Math.min(size, maxLineBytes));
    const reason = lineStart === undefined ? 'start_at end (skipping an over-long unfinished line)' : 'start_at end';
    return { ...following(file, lineStart ?? size, head, reason), skipPartialFirstLine: lineStart === undefined };
  }
  return following(file, 0, head, verdict.reason);
}

function following(file: string, offset: number, head: Head, reason: string): StartPosition {
  return {
    offset,
    head,
    skipPartialFirstLine: false,
    acks: undefined,
    truncatedSince: undefined,
    log: { fields: { path: file, offset, reason }, message: 'following file' },
  };
}

/** Offset just after the last newline within the final `window` bytes (0 if the window is the whole file). */
async function lastLineStart(handle: FileHandle, size: number, window: number): Promise<number | undefined> {
  const tail = Buffer.allocUnsafe(window);
  const { bytesRead } = await handle.read(tail, 0, window, size - window);
  const newline = tail.subarray(0, bytesRead).lastIndexOf(10);
  if (newline >= 0) return size - window + newline + 1;
  return window === size ? 0 : undefined;
}
