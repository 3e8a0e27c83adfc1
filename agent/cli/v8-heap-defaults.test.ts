import { describe, expect, it } from 'vitest';
import { missingHeapFlags, v8HeapDefaults } from './v8-heap-defaults.js';

const MiB = 1024 * 1024;

describe('v8HeapDefaults', () => {
  it('bounds old space at 512 MiB without a container limit', () => {
    expect(v8HeapDefaults(0)).toEqual(['--max-semi-space-size=8', '--max-old-space-size=512', '--no-allocation-site-pretenuring']);
    expect(v8HeapDefaults(2 ** 64)).toEqual(['--max-semi-space-size=8', '--max-old-space-size=512', '--no-allocation-site-pretenuring']);
  });

  it('leaves half of a smaller container limit to native memory', () => {
    expect(v8HeapDefaults(512 * MiB)).toEqual(['--max-semi-space-size=8', '--max-old-space-size=256', '--no-allocation-site-pretenuring']);
    expect(v8HeapDefaults(4096 * MiB)).toEqual(['--max-semi-space-size=8', '--max-old-space-size=512', '--no-allocation-site-pretenuring']);
  });

  it('never goes below 64 MiB of old space', () => {
    expect(v8HeapDefaults(64 * MiB)).toEqual(['--max-semi-space-size=8', '--max-old-space-size=64', '--no-allocation-site-pretenuring']);
  });
});

describe('missingHeapFlags', () => {
  const defaults = v8HeapDefaults(0);

  it('asks for every default when nothing is set', () => {
    expect(missingHeapFlags(defaults, [], undefined)).toEqual(defaults);
  });

  it('leaves out a flag the command line sets, in either spelling', () => {
    expect(missingHeapFlags(defaults, ['--max-semi-space-size=16'], undefined)).toEqual(['--max-old-space-size=512', '--no-allocation-site-pretenuring']);
    expect(missingHeapFlags(defaults, ['--max_old_space_size=1024'], '')).toEqual(['--max-semi-space-size=8', '--no-allocation-site-pretenuring']);
  });

  it('leaves out pretenuring when the command line turns it on or off', () => {
    expect(missingHeapFlags(defaults, ['--allocation-site-pretenuring'], undefined)).toEqual(['--max-semi-space-size=8', '--max-old-space-size=512']);
    expect(missingHeapFlags(defaults, ['--no_allocation_site_pretenuring'], undefined)).toEqual(['--max-semi-space-size=8', '--max-old-space-size=512']);
  });

  it('leaves out a flag NODE_OPTIONS sets', () => {
    expect(missingHeapFlags(defaults, [], '--enable-source-maps --max-old-space-size=512  --max-semi-space-size=16')).toEqual(['--no-allocation-site-pretenuring']);
  });

  it('is not fooled by other flags', () => {
    expect(missingHeapFlags(defaults, ['--max-semi-space-size-x'], '--inspect')).toEqual(defaults);
  });
});
