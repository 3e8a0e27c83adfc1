import { describe, expect, it } from 'vitest';
import { compareHeads, copyStart, samplesToVerify, type TruncatedFile } from './copy-match.js';
import { FINGERPRINT_BYTES, headOf } from './fingerprint.js';

const content = Buffer.from(Array.from({ length: 100 }, (_, i) => `line ${i} ${'.'.repeat(30)}\n`).join(''));
const fullHead = headOf(content.subarray(0, FINGERPRINT_BYTES));

describe('compareHeads', () => {
  it('finds a file with the same full head the same, whatever follows', () => {
    expect(compareHeads(content.subarray(0, FINGERPRINT_BYTES), fullHead)).toBe('same');
    expect(compareHeads(Buffer.concat([content.subarray(0, FINGERPRINT_BYTES), Buffer.from('other')]), fullHead)).toBe('same');
  });

  it('finds a shorter file that equals the start of a full head a prefix (a copy being written, or a common header)', () => {
    expect(compareHeads(content.subarray(0, 40), fullHead)).toBe('prefix');
    expect(compareHeads(Buffer.alloc(0), fullHead)).toBe('prefix');
  });

  it('finds anything else different', () => {
    const changed = Buffer.from(content.subarray(0, FINGERPRINT_BYTES));
    changed[FINGERPRINT_BYTES - 1] = 0x21;
    expect(compareHeads(changed, fullHead)).toBe('different');
    expect(compareHeads(Buffer.from('line 0 but not the same'), fullHead)).toBe('different');
  });

  it('never matches a known file shorter than a full head: too little to tell a copy from a common header', () => {
    const short = headOf(content.subarray(0, 500));
    expect(compareHeads(content.subarray(0, 500), short)).toBe('different');
    expect(compareHeads(content.subarray(0, FINGERPRINT_BYTES), short)).toBe('different');
  });

  it('cannot tell a prefix without the known bytes (a head from a checkpoint)', () => {
    const fromCheckpoint = { fingerprint: fullHead.fingerprint, bytes: undefined };
    expect(compareHeads(content.subarray(0, 40), fromCheckpoint)).toBe('different');
    expect(compareHeads(content.subarray(0, FINGERPRINT_BYTES), fromCheckpoint)).toBe('same');
  });
});

describe('samplesToVerify', () => {
  const sample = (offset: number) => ({ offset, length: 10, hash: 'h' });

  it('takes the samples beyond the head that the copy is long enough to hold', () => {
    const samples = [sample(9000), sample(5000), sample(2000), sample(FINGERPRINT_BYTES), sample(100)];
    expect(samplesToVerify(samples, 6000).map((s) => s.offset)).toEqual([5000, 2000]);
    expect(samplesToVerify(samples, 9000).map((s) => s.offset)).toEqual([9000, 5000, 2000]);
    expect(samplesToVerify(samples, 1500)).toEqual([]);
  });
});

describe('copyStart', () => {
  const original = (resumeAt: number): TruncatedFile => ({ path: 'a', head: fullHead, samples: [], resumeAt, acks: undefined, seenAt: 0 });

  it('continues where the original was read to, or at the end of a copy that holds less', () => {
    expect(copyStart(original(3000), 5000)).toBe(3000);
    expect(copyStart(original(3000), 2500)).toBe(2500);
  });
});
