import { describe, expect, it } from 'vitest';
import { missingHeapFlags, V8_HEAP_DEFAULTS } from './v8-heap-defaults.js';

describe('missingHeapFlags', () => {
  it('asks for every default when nothing is set', () => {
    expect(missingHeapFlags([], undefined)).toEqual([...V8_HEAP_DEFAULTS]);
  });

  it('leaves out a flag the command line sets, in either spelling', () => {
    expect(missingHeapFlags(['--max-semi-space-size=8'], undefined)).toEqual(['--max-old-space-size=512']);
    expect(missingHeapFlags(['--max_old_space_size=1024'], '')).toEqual(['--max-semi-space-size=16']);
  });

  it('leaves out a flag NODE_OPTIONS sets', () => {
    expect(missingHeapFlags([], '--enable-source-maps --max-old-space-size=512  --max-semi-space-size=8')).toEqual([]);
  });

  it('is not fooled by other flags', () => {
    expect(missingHeapFlags(['--max-semi-space-size-x'], '--inspect')).toEqual([...V8_HEAP_DEFAULTS]);
  });
});
