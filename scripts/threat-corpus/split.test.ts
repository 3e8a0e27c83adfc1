import { describe, expect, it } from 'vitest';

import { splitGroups, splitItem } from './split.js';

describe('splitGroups', () => {
  const rules = Array.from({ length: 30 }, (_, i) => String(942100 + i * 10));

  it('is the same whatever the input order and however often a group repeats', () => {
    const once = splitGroups(rules);
    const shuffled = splitGroups([...rules].reverse().flatMap((r) => [r, r]));
    expect([...shuffled].sort()).toEqual([...once].sort());
  });

  it('sends every third group to evaluation', () => {
    const evalCount = [...splitGroups(rules).values()].filter((s) => s === 'eval').length;
    expect(evalCount).toBe(10);
  });

  it('keeps a lone group in training and puts one of two in evaluation', () => {
    expect([...splitGroups(['913100']).values()]).toEqual(['train']);
    expect([...splitGroups(['931100', '931110']).values()].sort()).toEqual(['eval', 'train']);
  });
});

describe('splitItem', () => {
  it('depends only on the id and puts about a third in evaluation', () => {
    const ids = Array.from({ length: 3000 }, (_, i) => `shop-${i}`);
    expect(ids.map(splitItem)).toEqual(ids.map(splitItem));
    const share = ids.filter((id) => splitItem(id) === 'eval').length / ids.length;
    expect(share).toBeGreaterThan(0.28);
    expect(share).toBeLessThan(0.39);
  });
});
