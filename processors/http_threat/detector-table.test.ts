import { describe, expect, it } from 'vitest';
import { detectorTable, matchTable } from './detector-table.js';
import type { Detector } from './detectors.js';
import { normalise } from './normalise.js';

describe('detector table', () => {
  it('lets a detector with gate words through only when its view holds one, beyond the 32 that share an automaton too', () => {
    const detectors: Detector[] = Array.from({ length: 34 }, (_, i) => ({ id: `d${i}`, class: 'generic', severity: 'low', view: 'text', pattern: /./, words: [`w${i}x`] }));
    const table = detectorTable(detectors);
    const fired = (value: string) => {
      const ids: string[] = [];
      matchTable(table, normalise(value, 1), (det) => ids.push(det.id));
      return ids;
    };
    expect(fired('/a?q=w0x+w31x+w32x+w33x')).toEqual(['d0', 'd31', 'd32', 'd33']);
    expect(fired('/a?q=w5x')).toEqual(['d5']);
    expect(fired('/a?q=plain')).toEqual([]);
  });
});
