import { describe, expect, it } from 'vitest';
import { missingHeapFlags, v8HeapDefaults } from './v8-heap-defaults.js';

const MiB = 1024 * 1024;

describe('v8HeapDefaults', () => {
  it('bounds old space at 512 MiB without a container limit', () => {
    expect(v8HeapDefaults(0)).toEqual(['--max-semi-space-size=16', '--max-old-space-size=512']);
    expect(v8HeapDefaults(2 ** 64)).toEqual(['--max-semi-space-size=16', '--max-old-space-size=512']);
  });

  it('leaves half of a smaller container limit to native memory', () => {
    expect(v8HeapDefaults(512 * MiB)).toEqual(['--max-semi-space-size=16', '--max-old-space-size=256']);
    expect(v8HeapDefaults(4096 * MiB)).toEqual(['--max-semi-space-size=16', '--max-old-space-size=512']);
  });

  it('never goes below 64 MiB of old space', () => {
    expect(v8HeapDefaults(64 * MiB)).toEqual(['--max-semi-space-size=16', '--max-old-space-size=64']);
  });
});

describe('missingHeapFlags', () => {
  const defaults = v8HeapDefaults(0);

  it('asks for every default when nothing is set', () => {
    expect(missingHeapFlags(defaults, [], undefined)).toEqual(defaults);
  });

  it('leaves out a flag the command line sets, in either spelling', () => {
    expect(missingHeapFlags(defaults, ['--max-semi-space-size=8'], undefined)).toEqual(['--max-old-space-size=512']);
    expect(missingHeapFlags(defaults, ['--max_old_space_size=1024'], '')).toEqual(['--max-semi-space-size=16']);
  });

  it('leaves out a flag NODE_OPTIONS sets', () => {
    expect(missingHeapFlags(defaults, [], '--enable-source-maps --max-old-space-size=512  --max-semi-space-size=8')).toEqual([]);
  });

  it('is not fooled by other flags', () => {
    expect(missingHeapFlags(defaults, ['--max-semi-space-size-x'], '--inspect')).toEqual(defaults);
  });
});
