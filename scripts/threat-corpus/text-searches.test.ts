import { describe, expect, it } from 'vitest';

import { englishSearches, glossTexts, halfOf } from './english-searches.js';

const DATA = [
  '  1 This software and database is being provided to you, the LICENSEE, by  ',
  '  2 Princeton University under the following license.  By obtaining, using  ',
  "00410247 00 a 01 able 0 005 | (usually followed by `to') having the necessary means or skill; \"able to swim\"; \"she was able to program her computer\"  ",
  '01234567 04 n 01 throw 0 000 | the act of throwing; "the catcher made a good throw to second base"  ',
  '',
].join('\n');

describe('English searches from WordNet glosses', () => {
  it('takes each definition and example, with TeX quotes as typed ones', () => {
    expect(glossTexts(DATA)).toEqual([
      "(usually followed by 'to') having the necessary means or skill",
      'able to swim',
      'she was able to program her computer',
      'the act of throwing',
      'the catcher made a good throw to second base',
    ]);
  });

  it('puts a text in the same half whatever else the set holds', () => {
    const texts = glossTexts(DATA);
    const halves = texts.map(halfOf);
    expect(englishSearches([...texts].reverse()).map((s) => s.half)).toEqual([...halves].reverse());
    expect(new Set(halves).size).toBe(2);
  });

  it('sends each text as a search form or a script would encode it', () => {
    const [form, script] = englishSearches(["o'neill jacket (navy)", "o'neill jacket (navy)"]);
    expect(form?.uri).toBe('/search?q=o%27neill+jacket+(navy)');
    expect(script?.uri).toBe("/search?q=o'neill%20jacket%20(navy)");
    expect(form?.user_agent).toMatch(/^Mozilla\/5\.0/);
  });
});
