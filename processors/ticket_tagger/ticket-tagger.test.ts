import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../agent/kit.js';
import { ticketTaggerConfig } from './config.js';
import type { LabelScorer } from './scorers.js';
import { ticketTagging } from './ticket-tagger.js';

const model = { path: 'models/all-minilm-l6-v2' };
/** A scorer that never runs: these tests hand the scores to `outcome` themselves. */
const scorerFor = (labels: string[]): LabelScorer => ({ labels, score: () => Promise.reject(new Error('not used')) });
const priority = ['urgent', 'normal', 'low'];

function tagged(raw: object, labels: string[], text: string, scores: number[], event: LogEvent = { '@timestamp': 't', message: text }, shadow = false): LogEvent {
  const task = ticketTagging(ticketTaggerConfig.parse({ model, ...raw }), scorerFor(labels));
  task.write(event, task.outcome(text, scores), shadow);
  return event;
}
const ticketOf = (event: LogEvent) => event.ticket as Record<string, unknown>;

describe('single-label tagging', () => {
  it('writes the best label as a string, every label’s score beside it, and normal confidence', () => {
    const ticket = ticketOf(tagged({ label_set: 'priority', threshold: 0.1 }, priority, 'my card was used by someone else', [0.31, 0.12, -0.2]));
    expect(ticket).toEqual({ priority: 'urgent', priority_scores: { urgent: 0.31, normal: 0.12, low: -0.2 }, priority_confidence: 'normal' });
  });

  it('writes the fallback when the best label is below the threshold, and the best label when there is no fallback', () => {
    expect(ticketOf(tagged({ label_set: 'priority', threshold: 0.4 }, priority, 'hello', [0.31, 0.12, -0.2])).priority).toBe('normal');
    const labels = [
      { name: 'sales', description: 'quotes' },
      { name: 'support', description: 'problems' },
    ];
    expect(ticketOf(tagged({ labels, target: 'ticket.team', threshold: 0.9 }, ['sales', 'support'], 'hello', [0.1, 0.3])).team).toBe('support');
  });

  it('lets a keyword rule force a label past the scores, and a forbidden label give way to the next', () => {
    const rules = [
      { tag: 'low', keywords: ['Just Wondering'], action: 'force' },
      { tag: 'urgent', keywords: ['test order'], action: 'forbid' },
    ];
    expect(ticketOf(tagged({ label_set: 'priority', threshold: 0.1, rules }, priority, 'just wondering about my charge', [0.5, 0.2, 0])).priority).toBe('low');
    expect(ticketOf(tagged({ label_set: 'priority', threshold: 0.1, rules }, priority, 'a test order was charged', [0.5, 0.2, 0])).priority).toBe('normal');
  });

  it('brings the set’s own rules: words of anger make a ticket negative', () => {
    const sentiment = ['negative', 'neutral', 'positive'];
    expect(ticketOf(tagged({ label_set: 'sentiment' }, sentiment, 'This is UNACCEPTABLE.', [0, 0.3, 0.1])).sentiment).toBe('negative');
    expect(ticketOf(tagged({ label_set: 'sentiment' }, sentiment, 'Where is my parcel?', [0, 0.3, 0.1])).sentiment).toBe('neutral');
  });

  it('writes a shadow candidate’s label beside its model version, not over the event’s own', () => {
    const event = tagged({ label_set: 'priority', threshold: 0.1 }, priority, 'text', [0.5, 0.2, 0], { '@timestamp': 't', message: 'text', ticket: { priority: 'low' } }, true);
    expect(event.ticket).toEqual({
      priority: 'low',
      tagger: { priority: { shadow: { priority: 'urgent', priority_scores: { urgent: 0.5, normal: 0.2, low: 0 }, priority_confidence: 'normal' } } },
    });
  });
});

describe('confidence from the ticket language', () => {
  const labels = [
    { name: 'billing', description: 'charges' },
    { name: 'shipping', description: 'parcels' },
  ];
  const confidenceOf = (ticket: Record<string, unknown>, raw: object = {}) =>
    ticketOf(tagged({ labels, ...raw }, ['billing', 'shipping'], 'text', [0.6, 0.1], { '@timestamp': 't', message: 'text', ticket } as LogEvent)).tags_confidence;

  it('is low for a language the model does not cover, and the ticket is still tagged', () => {
    const ticket = ticketOf(tagged({ labels }, ['billing', 'shipping'], 'text', [0.6, 0.1], { '@timestamp': 't', message: 'text', ticket: { language: 'de' } }));
    expect(ticket).toMatchObject({ tags: ['billing'], tags_confidence: 'low' });
  });

  it('is normal for a covered language (with or without a region), und, or no language at all', () => {
    expect(confidenceOf({ language: 'en' })).toBe('normal');
    expect(confidenceOf({ language: 'en-GB' })).toBe('normal');
    expect(confidenceOf({ language: 'und' })).toBe('normal');
    expect(confidenceOf({})).toBe('normal');
    expect(confidenceOf({ language: 42 })).toBe('normal');
  });

  it('follows the configured languages and language field', () => {
    expect(confidenceOf({ language: 'de' }, { languages: ['en', 'de'] })).toBe('normal');
    expect(confidenceOf({ language: 'fr' }, { languages: ['en', 'de'] })).toBe('low');
    expect(confidenceOf({ lang: 'fr', language: 'en' }, { language_field: 'ticket.lang' })).toBe('low');
  });

  it('marks a single-label result under its own name', () => {
    const event = tagged({ label_set: 'sentiment' }, ['negative', 'neutral', 'positive'], 'merci', [0, 0.1, 0.5], { '@timestamp': 't', message: 'merci', ticket: { language: 'fr' } });
    expect(ticketOf(event)).toMatchObject({ sentiment: 'positive', sentiment_confidence: 'low' });
  });
});
