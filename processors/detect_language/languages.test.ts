import { data } from 'franc-min/data.js';
import { expressions } from 'franc-min/expressions.js';
import { describe, expect, it } from 'vitest';
import { ISO_639_1, LANGUAGE_CODES, WITHOUT_639_1, toFranc, toIso6391 } from './languages.js';

/** Every code franc-min can return: the languages of its trigram profiles and those it knows by script alone. */
function francCodes(): string[] {
  const codes = new Set<string>();
  for (const languages of Object.values(data)) for (const code of Object.keys(languages)) codes.add(code);
  for (const name of Object.keys(expressions)) if (!(name in data)) codes.add(name);
  return [...codes].sort();
}

describe('language codes', () => {
  it('cover every language franc-min returns, and no other', () => {
    expect([...Object.keys(ISO_639_1), ...WITHOUT_639_1].sort()).toEqual(francCodes());
  });

  it('map each 639-1 code to one language', () => {
    const ones = Object.values(ISO_639_1);
    expect(new Set(ones).size).toBe(ones.length);
    expect(ones.every((code) => /^[a-z]{2}$/.test(code))).toBe(true);
  });

  it('go both ways', () => {
    expect(toIso6391('deu')).toBe('de');
    expect(toIso6391('arb')).toBe('ar');
    expect(toIso6391('ceb')).toBe('ceb');
    expect(toIso6391('und')).toBe('und');
    expect(toFranc('pt')).toBe('por');
    expect(toFranc('ceb')).toBe('ceb');
    expect(toFranc('xx')).toBeUndefined();
    for (const code of LANGUAGE_CODES) expect(toIso6391(toFranc(code) as string)).toBe(code);
  });
});
