/**
 * Recognises copies made by copytruncate when the globs also match them (app.log*): a new file that starts
 * like a followed file is held back, unread, and when that file is found truncated (just before or while
 * the copy is held), the copy is verified against samples of what was read from the original and continues
 * where the original was read to. A new file with a common header or banner is never truncated away from
 * anything, so it is read from its start once it differs or the wait passes; so is anything in doubt:
 * duplicates are acceptable, loss is not.
 */
import type { FileHandle } from 'node:fs/promises';
import { compareHeads, copyStart, samplesToVerify, sampleMatches, type KnownHead, type TruncatedFile } from './copy-match.js';
import { FINGERPRINT_BYTES, readBytes } from './fingerprint.js';

/** A new file not read yet. */
export interface CopyCandidate {
  readonly key: string;
  path: string;
  readonly handle: FileHandle;
  /** Up to FINGERPRINT_BYTES of its first bytes, as of `size`. */
  head: Buffer;
  size: number;
  /** Found by the start-up scan: start_at applies to it when it turns out to be new. */
  readonly initialScan: boolean;
  /** When it was found or last grew: a copy still being written is not given up on. */
  lastGrowth: number;
}

export type Verdict =
  | { readonly kind: 'copy'; readonly original: TruncatedFile; readonly offset: number }
  | { readonly kind: 'new'; readonly reason: string }
  | { readonly kind: 'hold'; readonly like: string };

/** A followed file's head, by path for messages. */
export interface FollowedHead {
  readonly path: string;
  readonly head: KnownHead;
}

export interface CopyDetectorOptions {
  /** How long a held file may stay unchanged before it is read as a new file. */
  readonly wait: number;
  /** How long a truncated file is remembered for a copy found after the truncation. */
  readonly keep: number;
  /** False in once mode: nothing waits, what is not a recognised copy now is new. */
  readonly hold: boolean;
}

export class CopyDetector {
  private readonly candidates = new Map<string, CopyCandidate>();
  private truncated: TruncatedFile[] = [];

  constructor(private readonly options: CopyDetectorOptions) {}

  get holding(): number {
    return this.candidates.size;
  }

  held(key: string): CopyCandidate | undefined {
    return this.candidates.get(key);
  }

  /** Remembers what was read from a file just found truncated, for a copy of it found now or soon. */
  remember(file: TruncatedFile): void {
    this.forgetOld(file.seenAt);
    if (file.head.fingerprint.length >= FINGERPRINT_BYTES) this.truncated.push(file);
  }

  /** Decides on a newly found file, or holds it back (then `settle` decides later). */
  async consider(candidate: CopyCandidate, followed: readonly FollowedHead[], now: number): Promise<Verdict> {
    const verdict = await this.decide(candidate, followed, now);
    if (verdict.kind === 'hold') this.candidates.set(candidate.key, candidate);
    return verdict;
  }

  /** Decides on held files again, after truncations were looked for; returns those decided. */
  async settle(followed: readonly FollowedHead[], now: number): Promise<[CopyCandidate, Exclude<Verdict, { kind: 'hold' }>][]> {
    this.forgetOld(now);
    const decided: [CopyCandidate, Exclude<Verdict, { kind: 'hold' }>][] = [];
    for (const candidate of [...this.candidates.values()]) {
      let verdict: Verdict;
      try {
        await refresh(candidate, now);
        verdict = await this.decide(candidate, followed, now);
      } catch (error) {
        verdict = { kind: 'new', reason: `could not compare it with the followed files (${String(error)})` };
      }
      if (verdict.kind === 'hold') continue;
      this.candidates.delete(candidate.key);
      decided.push([candidate, verdict]);
    }
    return decided;
  }

  /** Closes the held files (the input stops). */
  async close(): Promise<void> {
    for (const candidate of this.candidates.values()) await candidate.handle.close().catch(() => undefined);
    this.candidates.clear();
  }

  private forgetOld(now: number): void {
    this.truncated = this.truncated.filter((file) => now - file.seenAt < this.options.keep);
  }

  private async decide(candidate: CopyCandidate, followed: readonly FollowedHead[], now: number): Promise<Verdict> {
    let like: string | undefined;
    let refused: string | undefined;
    for (const original of this.truncated) {
      const match = compareHeads(candidate.head, original.head);
      if (match === 'prefix') like ??= original.path;
      if (match !== 'same') continue;
      const failure = await verify(candidate, original);
      if (failure === undefined) {
        // One copy continues the original; a second one (or its other acknowledgements) would not.
        this.truncated = this.truncated.filter((file) => file !== original);
        return { kind: 'copy', original, offset: copyStart(original, candidate.size) };
      }
      refused ??= `starts like ${original.path}, which was truncated, but ${failure}`;
    }
    if (refused !== undefined) return { kind: 'new', reason: refused };
    if (!this.options.hold) return { kind: 'new', reason: 'new file' };
    for (const file of followed) if (compareHeads(candidate.head, file.head) !== 'different') like ??= file.path;
    if (like === undefined) return { kind: 'new', reason: 'new file' };
    if (now - candidate.lastGrowth < this.options.wait) return { kind: 'hold', like };
    return { kind: 'new', reason: `starts like ${like}, but no truncation of it followed (not a copy)` };
  }
}

/** Catches up with a held file's growth. */
async function refresh(candidate: CopyCandidate, now: number): Promise<void> {
  const size = Number((await candidate.handle.stat()).size);
  if (size === candidate.size) return;
  candidate.head = await readBytes(candidate.handle, 0, Math.min(size, FINGERPRINT_BYTES));
  candidate.size = size;
  candidate.lastGrowth = now;
}

/** Checks the copy against the samples of what was read from the original; returns why it fails, if it does. */
async function verify(candidate: CopyCandidate, original: TruncatedFile): Promise<string | undefined> {
  const samples = samplesToVerify(original.samples, candidate.size);
  if (samples.length === 0) return `nothing read from it beyond its first ${FINGERPRINT_BYTES} bytes lies within this file's ${candidate.size} to compare`;
  for (const sample of samples) {
    const bytes = await readBytes(candidate.handle, sample.offset - sample.length, sample.length);
    if (!sampleMatches(sample, bytes)) return `the bytes before offset ${sample.offset} differ from what was read there`;
  }
  return undefined;
}
