import { describe, expect, it } from 'vitest';
import { UnsyncedBytes } from './unsynced-bytes.js';

describe('unsynced bytes', () => {
  it('forgets only what was kept before the mark, also when more was kept during the fsync', () => {
    const kept = new UnsyncedBytes(1024 * 1024);
    const reused = Buffer.from('a1\n');
    kept.keep(reused);
    reused.write('a2\n');
    kept.keep(reused);
    const mark = kept.mark();
    kept.keep(Buffer.from('b\n'));
    kept.forget(mark);
    expect(kept.copy().toString()).toBe('b\n');
    expect(kept.bytes).toBe(2);
    kept.forget(mark);
    expect(kept.bytes).toBe(2);
    kept.forget(kept.mark());
    expect(kept.bytes).toBe(0);
    expect(kept.copy().length).toBe(0);
  });

  it('keeps the bytes in order across growth, and copies that outlive later changes', () => {
    const kept = new UnsyncedBytes(1024 * 1024);
    let expected = '';
    for (let i = 0; i < 2000; i++) {
      const line = `line ${i} ${'x'.repeat(i % 300)}\n`;
      kept.keep(Buffer.from(line));
      expected += line;
    }
    const copy = kept.copy();
    kept.forget(kept.mark());
    kept.keep(Buffer.from('after\n'));
    expect(copy.toString()).toBe(expected);
    expect(kept.copy().toString()).toBe('after\n');
  });

  it('says whether more fits under the limit', () => {
    const kept = new UnsyncedBytes(10);
    kept.keep(Buffer.from('12345'));
    expect(kept.fits(5)).toBe(true);
    expect(kept.fits(6)).toBe(false);
  });
});
