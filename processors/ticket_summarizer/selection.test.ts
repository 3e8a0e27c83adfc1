import { describe, expect, it } from 'vitest';
import { relevance, selectSentences, type SelectionWeights } from './selection.js';

const sentences = ['Hello team.', 'I was charged twice for order ORD-1.', 'The double charge is on my card.', 'Please refund one charge.'];
const toTicket = [0.1, 0.9, 0.85, 0.6];
/** Sentences 1 and 2 say the same thing. */
const between = (i: number, j: number) => (Math.min(i, j) === 1 && Math.max(i, j) === 2 ? 0.95 : 0.1);
const weights = (w: Partial<SelectionWeights>): SelectionWeights => ({ units: 'sentences', ticket: 1, subject: 0, position: 0, facts: 0, redundancy: 0, ...w });

describe('MMR sentence selection', () => {
  it('ranks by similarity to the ticket alone with the other weights at 0 (the earlier summarizer)', () => {
    expect(selectSentences(sentences, { ticket: toTicket, between }, weights({}), 70)).toBe('I was charged twice for order ORD-1. The double charge is on my card.');
  });

  it('skips a sentence that repeats one already chosen when redundancy is on', () => {
    expect(selectSentences(sentences, { ticket: toTicket, between }, weights({ redundancy: 1 }), 70)).toBe('I was charged twice for order ORD-1. Please refund one charge.');
  });

  it('adds the similarity to the subject, the position bonus and the bonus for figures to the relevance', () => {
    expect(relevance(['a', 'b'], { ticket: [0.5, 0.5], subject: [0.2, 0.8] }, weights({ subject: 0.5, position: 0.2 }))).toEqual([0.5 + 0.1 + 0.2, 0.5 + 0.4 + 0.1]);
    expect(relevance(['a', 'b'], { ticket: [0.5, 0.5] }, weights({ subject: 0.5 }))).toEqual([0.5, 0.5]);
    expect(relevance(['no figure', 'order ORD-5'], { ticket: [0.5, 0.5] }, weights({ facts: 0.3 }))).toEqual([0.5, 0.8]);
    expect(selectSentences(['The app crashes at checkout.', 'My phone is new.'], { ticket: [0.5, 0.6], subject: [0.9, 0.1] }, weights({ subject: 1 }), 30)).toBe('The app crashes at checkout.');
  });

  it('stops at the first sentence that does not fit, and cuts a single over-long best sentence', () => {
    expect(selectSentences(sentences, { ticket: [0.1, 0.9, 0.2, 0.8] }, weights({}), 40)).toBe('I was charged twice for order ORD-1.');
    expect(selectSentences(['a'.repeat(50), 'b'], { ticket: [1, 0] }, weights({}), 20)).toBe(`${'a'.repeat(19)}…`);
  });
});
