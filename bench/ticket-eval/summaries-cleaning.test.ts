import { describe, expect, it } from 'vitest';
import { cleaningFigures, wordsBeyond } from './summaries-cleaning.js';

describe('cleaning figures', () => {
  it('counts words beyond another text as a multiset', () => {
    expect(wordsBeyond('the parcel, the parcel!', 'The parcel')).toBe(2);
    expect(wordsBeyond('a b', 'a b c')).toBe(0);
  });

  it('tells exact, all-sentence and lossy cleaning apart and counts noise left', () => {
    const body = 'My parcel is late. Please help.';
    const figures = cleaningFigures([
      { raw: `Hi team,\n${body}\nThanks, Anna`, body, cleaned: 'My parcel\nis late. Please help.' },
      { raw: `Hi team,\n${body}\nThanks, Anna`, body, cleaned: `${body}\nThanks, Anna` },
      { raw: `Hi team,\n${body}\nThanks, Anna`, body, cleaned: 'My parcel is late.' },
    ]);
    expect(figures).toEqual({ tickets: 3, exact: 1, allSentences: 2, noiseWords: 12, noiseWordsLeft: 2, ticketsWithNoiseLeft: 1, bodyWords: 18, bodyWordsLost: 2 });
  });
});
