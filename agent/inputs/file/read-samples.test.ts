import { describe, expect, it } from 'vitest';
import { hashOf } from './fingerprint.js';
import { ReadSamples, SAMPLE_BYTES, SAMPLE_COUNT } from './read-samples.js';

describe('ReadSamples', () => {
  it('keeps the last bytes of each read with the offset it ended at, newest first', () => {
    const samples = new ReadSamples();
    const chunk = Buffer.alloc(256);
    chunk.write('x'.repeat(100) + 'a'.repeat(SAMPLE_BYTES));
    samples.record(chunk, 100 + SAMPLE_BYTES, 1000);
    chunk.write('short');
    samples.record(chunk, 5, 1005);
    expect(samples.take()).toEqual([
      { offset: 1005, length: 5, hash: hashOf(Buffer.from('short')) },
      { offset: 1000, length: SAMPLE_BYTES, hash: hashOf(Buffer.from('a'.repeat(SAMPLE_BYTES))) },
    ]);
    expect(samples.latest()).toEqual({ offset: 1005, length: 5, hash: hashOf(Buffer.from('short')) });
  });

  it(`keeps only the last ${SAMPLE_COUNT} reads, and nothing after clear()`, () => {
    const samples = new ReadSamples();
    const chunk = Buffer.from('line\n');
    for (let i = 1; i <= SAMPLE_COUNT + 5; i++) samples.record(chunk, chunk.length, i * 5);
    const taken = samples.take();
    expect(taken).toHaveLength(SAMPLE_COUNT);
    expect(taken[0]?.offset).toBe((SAMPLE_COUNT + 5) * 5);
    expect(taken.at(-1)?.offset).toBe(6 * 5);
    samples.record(chunk, 0, 999);
    expect(samples.take()).toHaveLength(SAMPLE_COUNT);
    samples.clear();
    expect(samples.take()).toEqual([]);
    expect(samples.latest()).toBeUndefined();
  });
});
