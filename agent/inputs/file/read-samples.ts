/**
 * Samples of what a tail read: for each of its last SAMPLE_COUNT reads, the offset the read ended at and up
 * to SAMPLE_BYTES bytes before it. A copy of the file (copytruncate) has the same bytes at the same offsets,
 * which tells it from a new file that merely starts the same way. One preallocated buffer holds them all,
 * so recording a read copies a few bytes and allocates nothing. A file opened again after it was closed as
 * inactive inherits the samples taken before, so a copy of it is still recognised.
 */
import { hashOf } from './fingerprint.js';

export const SAMPLE_COUNT = 16;
export const SAMPLE_BYTES = 64;

/** `length` bytes of a file ending at `offset`, by their hash. */
export interface Sample {
  readonly offset: number;
  readonly length: number;
  readonly hash: string;
}

export class ReadSamples {
  private readonly bytes = Buffer.alloc(SAMPLE_COUNT * SAMPLE_BYTES);
  private readonly ends = new Float64Array(SAMPLE_COUNT);
  private readonly lengths = new Uint8Array(SAMPLE_COUNT);
  private count = 0;
  /** Slot the next read goes to; the newest sample is the one before it. */
  private next = 0;
  private latestHashed: Sample | undefined;
  /** Samples taken before the file was closed as inactive, newest first: older than any recorded here. */
  private inherited: readonly Sample[] = [];

  /** Takes over the samples of an earlier reading of the same file (from `take()` then). */
  inherit(samples: readonly Sample[]): void {
    this.inherited = samples.slice(0, SAMPLE_COUNT);
  }

  /** Records a read of `length` bytes, now in `chunk` from 0, that ended at file offset `end`. */
  record(chunk: Buffer, length: number, end: number): void {
    const kept = Math.min(length, SAMPLE_BYTES);
    if (kept === 0) return;
    chunk.copy(this.bytes, this.next * SAMPLE_BYTES, length - kept, length);
    this.ends[this.next] = end;
    this.lengths[this.next] = kept;
    this.next = (this.next + 1) % SAMPLE_COUNT;
    if (this.count < SAMPLE_COUNT) this.count++;
  }

  /** Forgets everything (the file was truncated: its old content is gone). */
  clear(): void {
    this.count = 0;
    this.next = 0;
    this.latestHashed = undefined;
    this.inherited = [];
  }

  /** Every sample, newest first, as hashes (kept after the file's content is gone). */
  take(): Sample[] {
    const samples: Sample[] = [];
    for (let i = 1; i <= this.count; i++) samples.push(this.hashed((this.next - i + SAMPLE_COUNT) % SAMPLE_COUNT));
    for (const sample of this.inherited) if (samples.length < SAMPLE_COUNT) samples.push(sample);
    return samples;
  }

  /** The newest sample (for the checkpoint, to recognise a copy made while the agent was stopped). */
  latest(): Sample | undefined {
    if (this.count === 0) return this.inherited[0];
    const slot = (this.next - 1 + SAMPLE_COUNT) % SAMPLE_COUNT;
    // Checkpoints ask far more often than a read happens on an idle file: hash each sample once.
    if (this.latestHashed?.offset !== this.ends[slot]) this.latestHashed = this.hashed(slot);
    return this.latestHashed;
  }

  private hashed(slot: number): Sample {
    const length = this.lengths[slot] as number;
    const start = slot * SAMPLE_BYTES;
    return { offset: this.ends[slot] as number, length, hash: hashOf(this.bytes.subarray(start, start + length)) };
  }
}
