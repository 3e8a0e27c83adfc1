/**
 * ticket_tagger's built-in priority and sentiment label sets with the real all-MiniLM-L6-v2 weights
 * (provisioned by npm run models): plausible labels for unmistakable tickets, and one model worker for
 * every tagger on the same model folder.
 */
import path from 'node:path';
import { Registry } from 'prom-client';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import type { Processor } from '../../agent/component.js';
import type { LogEvent } from '../../agent/event.js';
import { acquireEmbeddingService } from '../../models/inference/shared-services.js';
import { ticketTaggerProcessor } from '../../processors/ticket_tagger/index.js';
import { MemoryDeadLetters } from '../helpers/dead-letters.js';

const root = path.resolve(import.meta.dirname, '../..');
const modelDir = path.join(root, 'models', 'all-minilm-l6-v2');
const created: Processor[] = [];
afterAll(async () => {
  for (const p of created) await p.close?.();
});

async function tagger(labelSet: 'priority' | 'sentiment'): Promise<Processor> {
  const config = ticketTaggerProcessor.config.parse({ field: ['ticket.subject', 'message'], model: { path: modelDir }, label_set: labelSet });
  const processor = await ticketTaggerProcessor.create(config, { id: labelSet, location: 'processors[0]', logger: pino({ level: 'silent' }), stateDir: root, configDir: root, deadLetters: new MemoryDeadLetters(), metrics: new Registry() });
  created.push(processor);
  return processor;
}

const ticket = (subject: string, message: string, language?: string): LogEvent => ({ '@timestamp': 't', message, ticket: { subject, ...(language === undefined ? {} : { language }) } });
const furiousFraud = () =>
  ticket(
    'FRAUD on my card - stop it NOW',
    'Someone used my stolen credit card in your shop last night and you let three orders through that I never made, 1,200 EUR in total. This is absolutely unacceptable! Cancel these orders immediately and give me my money back.',
  );
const politeQuestion = () => ticket('Question about gift wrapping', 'Hello, I was wondering whether you offer gift wrapping for orders, and whether I can add a small card with a message. Thank you!');

describe('ticket_tagger label sets with real weights', () => {
  it('rates a furious fraud ticket urgent and negative, and a polite feature question low and not negative', async () => {
    const events = [furiousFraud(), politeQuestion()];
    await (await tagger('priority')).process(events);
    await (await tagger('sentiment')).process(events);
    const [fraud, question] = events.map((e) => e.ticket as { priority: string; sentiment: string; priority_scores: Record<string, number> });
    expect(fraud?.priority).toBe('urgent');
    expect(fraud?.sentiment).toBe('negative');
    expect(question?.priority).toBe('low');
    expect(question?.sentiment).not.toBe('negative');
    expect(Object.keys(fraud?.priority_scores ?? {})).toEqual(['urgent', 'normal', 'low']);
  });

  it('still labels a ticket in a language the model does not cover, with low confidence', async () => {
    const event = ticket('Frage', 'Wo ist mein Paket? Ich warte seit zwei Wochen.', 'de');
    await (await tagger('priority')).process([event]);
    expect(event.ticket).toMatchObject({ priority: expect.stringMatching(/^(urgent|normal|low)$/), priority_confidence: 'low' });
  });

  it('shares one model worker between taggers of the same model folder', async () => {
    const priority = await tagger('priority');
    const sentiment = await tagger('sentiment');
    const { service, release } = await acquireEmbeddingService(modelDir, { maxBatch: 32, maxWaitMs: 0 });
    try {
      const before = service.stats.calls;
      await priority.process([politeQuestion()]);
      const afterPriority = service.stats.calls;
      await sentiment.process([politeQuestion()]);
      expect(afterPriority).toBeGreaterThan(before);
      expect(service.stats.calls).toBeGreaterThan(afterPriority);
    } finally {
      await release();
    }
  });
});
