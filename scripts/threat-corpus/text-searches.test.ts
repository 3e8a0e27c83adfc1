import { describe, expect, it } from 'vitest';

import { localeNames } from './cldr-names.js';
import { localeStrings } from './faker-strings.js';
import { halfOf, textSearches } from './text-searches.js';
import { glossTexts } from './wordnet-glosses.js';

const WORDNET_DATA = [
  '  1 This software and database is being provided to you, the LICENSEE, by  ',
  '  2 Princeton University under the following license.  By obtaining, using  ',
  "00410247 00 a 01 able 0 005 | (usually followed by `to') having the necessary means or skill; \"able to swim\"; \"she was able to program her computer\"  ",
  '01234567 04 n 01 throw 0 000 | the act of throwing; "the catcher made a good throw to second base"  ',
  '',
].join('\n');

describe('benign text sets sent as site searches', () => {
  it("takes each WordNet definition and example, with TeX quotes as typed ones", () => {
    expect(glossTexts(WORDNET_DATA)).toEqual([
      "(usually followed by 'to') having the necessary means or skill",
      'able to swim',
      'she was able to program her computer',
      'the act of throwing',
      'the catcher made a good throw to second base',
    ]);
  });

  it("takes the names of a CLDR locale file, and refuses a file of another shape", () => {
    const file = JSON.stringify({ main: { ru: { identity: undefined, localeDisplayNames: { territories: { '001': 'весь мир', RU: 'Россия', 'HK-alt-short': 'Гонконг' } } } } });
    expect(localeNames(file)).toEqual(['весь мир', 'Россия', 'Гонконг']);
    expect(() => localeNames(JSON.stringify({ main: { ru: { localeDisplayNames: { territories: ['Россия'] } } } }))).toThrow();
  });

  it('takes the distinct strings of faker locales, not templates or paragraphs', () => {
    const locales = { tr: { commerce: { product_name: { adjective: ['Doğal', 'Doğal'], pattern: ['{{commerce.product_name.adjective}}'] } }, phone_number: { format: ['082 ### ####'] }, system: { directory_path: ['/etc/mail'] }, lorem: { words: ['x'.repeat(300)] } }, en: { music: { artist: ['Ke$ha'], rank: 1 } } };
    expect(localeStrings(locales)).toEqual(['Doğal', 'Ke$ha']);
  });

  it('puts a text in the same half whatever else the set holds', () => {
    const texts = glossTexts(WORDNET_DATA);
    const halves = texts.map(halfOf);
    expect(textSearches([...texts].reverse(), 'english').map((s) => s.half)).toEqual([...halves].reverse());
    expect(new Set(halves).size).toBe(2);
  });

  it('sends each text as a search form or a script would encode it', () => {
    const [form, script] = textSearches(["o'neill jacket (navy)", 'мобильный телефон'], 'x');
    expect(form?.uri).toBe('/search?q=o%27neill+jacket+(navy)');
    expect(script?.uri).toBe('/search?q=%D0%BC%D0%BE%D0%B1%D0%B8%D0%BB%D1%8C%D0%BD%D1%8B%D0%B9%20%D1%82%D0%B5%D0%BB%D0%B5%D1%84%D0%BE%D0%BD');
    expect([form?.id, script?.id]).toEqual(['x-0', 'x-1']);
    expect(form?.user_agent).toMatch(/^Mozilla\/5\.0/);
  });
});
