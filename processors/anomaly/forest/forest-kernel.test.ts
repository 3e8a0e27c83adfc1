import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { assembledKernelModule, KERNEL_MODULE } from '../../../scripts/forest-kernel-assembly.js';

describe('the forest kernel', () => {
  it('is forest-kernel.wat assembled (npm run build:forest-kernel after editing it)', async () => {
    expect(await readFile(KERNEL_MODULE, 'utf8')).toBe(await assembledKernelModule());
  });
});
