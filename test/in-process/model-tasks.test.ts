/**
 * The NLI zero-shot tagger and the abstractive summarizer, through the real loading, worker and pipeline
 * code, with tiny self-built ONNX models whose answers are known (test/helpers/tiny-models.ts): the NLI
 * model entails a billing hypothesis for tickets with "charged"/"bill", shipping for "parcel"/"delivery";
 * the seq2seq model copies its input token by token. Quality is measured with real weights elsewhere.
 */
import { Registry } from 'prom-client';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Processor } from '../../agent/component.js';
import type { LogEvent } from '../../agent/event.js';
import { ticketSummarizerProcessor } from '../../processors/ticket_summarizer/index.js';
import { ticketTaggerProcessor } from '../../processors/ticket_tagger/index.js';
import { tinyModels, type TinyModels } from '../helpers/tiny-models.js';
import { MemoryDeadLetters } from '../helpers/dead-letters.js';

let models: TinyModels;
const created: Processor[] = [];
const context = { id: 'p', location: 'processors[0]', logger: pino({ level: 'silent' }), stateDir: '/tmp', configDir: '/tmp', deadLetters: new MemoryDeadLetters(), metrics: new Registry() };

beforeAll(async () => {
  models = await tinyModels();
}, 600_000);

afterAll(async () => {
  await Promise.all(created.map((p) => p.close?.()));
});

function ticket(body: string): LogEvent {
  return { '@timestamp': 't', message: body };
}

const ticketOf = (event: LogEvent | undefined) => event?.ticket as { tags?: string[]; tag_scores?: Record<string, number>; summary?: string } | undefined;

describe('ticket_tagger with an NLI model (zero-shot)', () => {
  async function tagger(): Promise<Processor> {
    const config = ticketTaggerProcessor.config.parse({
      zero_shot: { model: { path: models.nli } },
      labels: [
        { name: 'billing', description: 'a charge or a bill' },
        { name: 'shipping', description: 'a parcel delivery' },
        { name: 'refund', description: 'money back' },
      ],
    });
    const processor = await ticketTaggerProcessor.create(config, context);
    created.push(processor);
    return processor;
  }

  it('tags each ticket with the labels whose hypothesis it entails', async () => {
    const processor = await tagger();
    const events = [ticket('I was charged twice for one order'), ticket('Where is my parcel? The courier never came'), ticket('Hello, I have a question')];
    await processor.process(events);
    expect(ticketOf(events[0])?.tags).toEqual(['billing']);
    expect(ticketOf(events[1])?.tags).toEqual(['shipping']);
    expect(ticketOf(events[2])?.tags).toEqual([]);
    // Entailment probability: softmax over (contradiction 1, entailment 4 × topic agreement).
    expect(ticketOf(events[0])?.tag_scores?.billing).toBeGreaterThan(0.95);
    expect(ticketOf(events[0])?.tag_scores?.refund).toBeCloseTo(1 / (1 + Math.E), 3);
  });

  it('fails validation without any model, and names a missing NLI folder at its place', () => {
    const parsed = ticketTaggerProcessor.config.safeParse({ labels: [{ name: 'a', description: 'b' }] });
    expect(parsed.success).toBe(false);
    const config = ticketTaggerProcessor.config.parse({ zero_shot: { model: { path: './no-nli-here' } }, labels: [{ name: 'a', description: 'b' }] });
    expect(ticketTaggerProcessor.check?.(config, { configDir: '/tmp' })).toEqual([
      { path: ['zero_shot', 'model', 'path'], message: expect.stringMatching(/no-nli-here is missing or incomplete: run "npm run models"/) },
    ]);
  });
});

describe('ticket_summarizer with a seq2seq model (abstractive)', () => {
  async function summarizer(maxChars: number, maxNewTokens: number): Promise<Processor> {
    const config = ticketSummarizerProcessor.config.parse({ abstractive: { model: { path: models.copyT5 }, max_new_tokens: maxNewTokens }, max_chars: maxChars });
    const processor = await ticketSummarizerProcessor.create(config, context);
    created.push(processor);
    return processor;
  }

  it('writes the generated text as the summary, within max_new_tokens and max_chars', async () => {
    const processor = await summarizer(40, 6);
    const long = ticket('The parcel never arrived at my address. I want my money back as soon as possible please.');
    const short = ticket('Parcel late.');
    await processor.process([long, short]);
    // The copy model returns the first six tokens (lower-cased by the uncased tokenizer).
    expect(ticketOf(long)?.summary).toBe('the parcel never arrived at my');
    expect(ticketOf(short)?.summary).toBe('Parcel late.');
  });

  it('cuts a generated summary longer than max_chars at a word boundary', async () => {
    const processor = await summarizer(20, 30);
    const event = ticket('Please cancel my subscription today because the price went up again this month.');
    await processor.process([event]);
    const summary = ticketOf(event)?.summary ?? '';
    expect(summary.length).toBeLessThanOrEqual(20);
    expect(summary).toMatch(/^please cancel my\S*…$/);
  });
});
