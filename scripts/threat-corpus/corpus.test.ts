import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { assembleCorpus, countCorpus } from './corpus.js';
import { CorpusRecord } from './records.js';

const file = (name: string) => ({ name, text: readFileSync(path.join(import.meta.dirname, 'testdata', name), 'utf8') });
const corpus = assembleCorpus([file('942100.yaml'), file('913100.yaml'), file('951110.yaml'), file('920539.yaml')], [file('REQUEST-942-FIXTURE.conf')], { shopCount: 30, shopSeed: 2 });

describe('assembleCorpus', () => {
  it('labels go-ftw requests and leaves out response rules and stages with nothing to label', () => {
    const crs = corpus.records.filter((r) => r.source === 'crs');
    expect(crs.map((r) => [r.id, r.label, r.class, r.log_visible])).toEqual([
      ['crs-942100-1', 'attack', 'sqli', true],
      ['crs-942100-2', 'attack', 'sqli', false],
      ['crs-942100-3', 'benign', 'sqli', true],
      ['crs-942100-4-2', 'attack', 'sqli', false],
      ['crs-913100-1', 'attack', 'scanner', true],
      ['crs-913100-2', 'attack', 'scanner', false],
    ]);
    // The first stage of 942100/4 (status only) and the response rule 951110.
    expect(corpus.skipped).toBe(2);
  });

  it('keeps what an access log holds and the rule’s paranoia level', () => {
    const first = corpus.records.find((r) => r.id === 'crs-942100-1');
    expect(first).toMatchObject({ method: 'GET', uri: '/get?id=1%27%20or%20%271%27%3D%271', user_agent: 'OWASP CRS test agent', paranoia_level: 1, expect_ids: [942100] });
    expect(corpus.records.find((r) => r.id === 'crs-913100-1')?.paranoia_level).toBeUndefined();
  });

  it('keeps the tests of one file in one part when the class has several files', () => {
    const withSecondSqliFile = assembleCorpus([file('942100.yaml'), { name: '942101.yaml', text: file('942100.yaml').text.replace('rule_id: 942100', 'rule_id: 942101') }], [], { shopCount: 0, shopSeed: 1 });
    for (const rule of [942100, 942101]) expect(new Set(withSecondSqliFile.records.filter((r) => r.rule_id === rule).map((r) => r.split)).size).toBe(1);
  });

  it('writes records that the reader’s schema accepts, shop traffic benign and visible', () => {
    for (const record of corpus.records) expect(CorpusRecord.safeParse(record).success).toBe(true);
    const shop = corpus.records.filter((r) => r.source === 'shop');
    expect(shop).toHaveLength(30);
    expect(shop.every((r) => r.label === 'benign' && r.log_visible && r.class === null)).toBe(true);
  });

  it('counts by split, source, class and label', () => {
    const rows = countCorpus(corpus.records);
    expect(rows.reduce((sum, r) => sum + r.total, 0)).toBe(corpus.records.length);
    const scannerAttacks = rows.filter((r) => r.class === 'scanner' && r.label === 'attack');
    expect(scannerAttacks.reduce((sum, r) => sum + r.total, 0)).toBe(2);
    expect(scannerAttacks.reduce((sum, r) => sum + r.logVisible, 0)).toBe(1);
  });
});
