/**
 * The pure part of recognising copies (logrotate's copytruncate): how a new file's head compares with a
 * known file's head, and which samples of what was read a copy must reproduce. The file system and the
 * timing live in copy-detector.ts.
 */
import type { OrderedAcks } from '../../kit.js';
import { FINGERPRINT_BYTES, hashOf, type Fingerprint } from './fingerprint.js';
import type { Sample } from './read-samples.js';

/** A file's head as known: its bytes when it was read in this run, only the fingerprint when from a checkpoint. */
export interface KnownHead {
  readonly fingerprint: Fingerprint;
  readonly bytes: Buffer | undefined;
}

/** What a tail had read from a file that was then truncated: enough to recognise a copy of it. */
export interface TruncatedFile {
  readonly path: string;
  readonly head: KnownHead;
  readonly samples: readonly Sample[];
  /** Where reading a copy continues: everything before it was handed to the pipeline. */
  readonly resumeAt: number;
  /** Acknowledgements of the old content's batches still in flight; a recognised copy takes them over. */
  readonly acks: OrderedAcks | undefined;
  /** When the truncation was noticed. */
  readonly seenAt: number;
}

/**
 * - `same`: both heads are a full FINGERPRINT_BYTES and equal, as for a copy (or a new file with a long
 *   common banner: only the samples and a truncation tell them apart);
 * - `prefix`: the new file is shorter than that and so far equals the start of the known one (a copy still
 *   being written, or a new file with a common header): wait for more bytes;
 * - `different`: not a copy.
 */
export type HeadMatch = 'same' | 'prefix' | 'different';

export function compareHeads(candidate: Buffer, known: KnownHead): HeadMatch {
  if (known.fingerprint.length < FINGERPRINT_BYTES) return 'different';
  if (candidate.length >= FINGERPRINT_BYTES) {
    return hashOf(candidate.subarray(0, FINGERPRINT_BYTES)) === known.fingerprint.hash ? 'same' : 'different';
  }
  return known.bytes?.subarray(0, candidate.length).equals(candidate) ? 'prefix' : 'different';
}

/**
 * The samples a copy of `size` bytes must reproduce: every one it is long enough to hold, except those
 * inside the head, which the head comparison already covered. None means the copy cannot be verified.
 */
export function samplesToVerify(samples: readonly Sample[], size: number): Sample[] {
  return samples.filter((sample) => sample.offset > FINGERPRINT_BYTES && sample.offset <= size);
}

export function sampleMatches(sample: Sample, bytes: Buffer): boolean {
  return bytes.length === sample.length && hashOf(bytes) === sample.hash;
}

/**
 * Where a verified copy is read from: where the original was read to, or the copy's end when the original
 * was read further than the copy holds (lines written between the copy and the truncation were read from
 * the original).
 */
export function copyStart(original: TruncatedFile, size: number): number {
  return Math.min(original.resumeAt, size);
}
