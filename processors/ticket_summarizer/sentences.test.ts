import { describe, expect, it } from 'vitest';
import { chooseSentences, joinUnits, splitClauses, splitSentences } from './sentences.js';

describe('extractive summary helpers', () => {
  it('splits sentences at . ! ? and line breaks', () => {
    expect(splitSentences('Hi there. My order is late!\nWhere is it? Thanks')).toEqual(['Hi there.', 'My order is late!', 'Where is it?', 'Thanks']);
  });

  it('joins a sentence that a mail client wrapped over two lines, but not list items or paragraphs', () => {
    expect(splitSentences('I ordered the blue jacket in size M but\nreceived a red one. Please swap it.')).toEqual(['I ordered the blue jacket in size M but received a red one.', 'Please swap it.']);
    expect(splitSentences('Items missing\n- the charger\n- the case')).toEqual(['Items missing', '- the charger', '- the case']);
    expect(splitSentences('Order ORD-1\n\nstill not here')).toEqual(['Order ORD-1', 'still not here']);
  });

  it('cuts sentences into clauses, keeping short pieces with their neighbour', () => {
    expect(splitClauses(['I paid for it in US dollars, I want the full 120 USD back.', 'Hi, the app crashes when I pay because the button freezes.'])).toEqual([
      'I paid for it in US dollars,',
      'I want the full 120 USD back.',
      'Hi, the app crashes when I pay',
      'because the button freezes.',
    ]);
  });

  it('joins chosen clauses as sentences', () => {
    const units = ['I paid in dollars,', 'I want the full 120 USD back.', 'the refund came in euros.'];
    expect(joinUnits(units, [2, 0])).toBe('I paid in dollars. The refund came in euros.');
    expect(joinUnits(units, [0, 1])).toBe('I paid in dollars, I want the full 120 USD back.');
  });

  it('takes the most relevant sentences that fit, in their original order', () => {
    const sentences = ['Hello.', 'I was charged twice for order 1.', 'Please refund one charge.', 'Thanks a lot.'];
    expect(chooseSentences(sentences, [0.1, 0.9, 0.8, 0.2], 60)).toBe('I was charged twice for order 1. Please refund one charge.');
    expect(chooseSentences(sentences, [0.1, 0.9, 0.8, 0.2], 35)).toBe('I was charged twice for order 1.');
  });

  it('cuts a single over-long sentence with an ellipsis', () => {
    expect(chooseSentences(['a'.repeat(50)], [1], 20)).toBe(`${'a'.repeat(19)}…`);
  });
});

describe('clauses of text built to make the split backtrack', () => {
  // A long run of whitespace cost each of its characters a scan to the end of the run; a return shows as this
  // test running into its timeout.
  it('splits a sentence with a long run of spaces before a conjunction', () => {
    expect(splitClauses([`The parcel came three days late${' '.repeat(100000)}but the box was empty.`])).toHaveLength(2);
  });
});
