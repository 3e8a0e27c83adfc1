import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { httpThreatConfig } from '../config.js';
import { examplesFileProblems, parseExamples, readExamples } from './examples.js';

const GOOD = [
  '{"label":"attack","class":"sqli","method":"GET","uri":"/?id=1 or 1=1","id":"x","rule_id":942100}',
  '{"label":"benign","class":null,"method":"GET","uri":"/shoes","user_agent":"Mozilla/5.0"}',
  '{"label":"attack","class":"sqli","uri":"/","log_visible":false}',
  '',
].join('\n');

describe('payload model examples file', () => {
  it('reads corpus records: the label, class and logged fields, skipping rows whose payload is not logged', () => {
    const { examples, skipped, problems } = parseExamples(GOOD, 'ex.jsonl');
    expect(problems).toEqual([]);
    expect(skipped).toBe(1);
    expect(examples).toEqual([
      { line: 1, attack: true, class: 'sqli', uri: '/?id=1 or 1=1', user_agent: undefined, referer: undefined },
      { line: 2, attack: false, class: undefined, uri: '/shoes', user_agent: 'Mozilla/5.0', referer: undefined },
    ]);
  });

  it('names the file and the line of each bad row', () => {
    const text = [GOOD.split('\n')[0], 'not json', '{"label":"evil","uri":"/"}', '{"label":"benign"}', '{"label":"benign","uri":"/x"}'].join('\n');
    const { problems } = parseExamples(text, '/data/ex.jsonl');
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^\/data\/ex\.jsonl line 2: not JSON/);
    expect(problems[1]).toMatch(/^\/data\/ex\.jsonl line 3: label: /);
    expect(problems[2]).toBe('/data/ex.jsonl line 4: none of uri, user_agent, referer is set');
  });

  it('needs both labels', () => {
    expect(parseExamples('{"label":"benign","uri":"/x"}', 'b.jsonl').problems).toEqual(['b.jsonl: no attack rows (the model needs attack and benign rows)']);
  });

  it('reads a file relative to the config folder, and says which file and line is wrong', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'model-examples-'));
    writeFileSync(path.join(dir, 'good.jsonl'), GOOD);
    writeFileSync(path.join(dir, 'bad.jsonl'), `${GOOD}{"label":"attack","uri":7}\n`);
    expect((await readExamples('good.jsonl', dir)).examples).toHaveLength(2);
    await expect(readExamples('bad.jsonl', dir)).rejects.toThrow(`${path.join(dir, 'bad.jsonl')} line 4: uri: `);
    await expect(readExamples('missing.jsonl', dir)).rejects.toThrow(path.join(dir, 'missing.jsonl'));
    expect(examplesFileProblems('bad.jsonl', dir)).toEqual([expect.stringContaining(`${path.join(dir, 'bad.jsonl')} line 4`)]);
    expect(examplesFileProblems('missing.jsonl', dir)).toEqual([`examples file ${path.join(dir, 'missing.jsonl')} not found`]);
  });

  it('is configured under model, with an n-gram range that must be ordered', () => {
    expect(httpThreatConfig.parse({ model: { examples_file: 'ex.jsonl' } }).model).toMatchObject({ examples_file: 'ex.jsonl', ngram_min: 3, ngram_max: 5 });
    expect(httpThreatConfig.safeParse({ model: { examples_file: 'ex.jsonl', ngram_min: 5, ngram_max: 3 } }).error?.issues[0]?.path).toEqual(['model', 'ngram_min']);
    expect(httpThreatConfig.safeParse({ model: {} }).success).toBe(false);
    expect(httpThreatConfig.parse({}).model).toBeUndefined();
  });
});
