import { describe, expect, it } from 'vitest';
import { chooseSentences, splitSentences } from './sentences.js';

describe('extractive summary helpers', () => {
  it('splits sentences at . ! ? and line breaks', () => {
    expect(splitSentences('Hi there. My order is late!\nWhere is it? Thanks')).toEqual(['Hi there.', 'My order is late!', 'Where is it?', 'Thanks']);
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
