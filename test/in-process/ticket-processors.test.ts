/**
 * ticket_tagger and ticket_summarizer with the real all-MiniLM-L6-v2 weights (provisioned by npm run
 * models), inference in the embedding worker.
 */
import { Registry } from 'prom-client';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import type { Processor } from '../../agent/component.js';
import type { LogEvent } from '../../agent/event.js';
import { InferenceService, STOP_GRACE_MS } from '../../models/inference/inference-service.js';
import { acquireEmbeddingService } from '../../models/inference/shared-services.js';
import { cosine } from '../../models/vectors.js';
import { ticketSummarizerProcessor } from '../../processors/ticket_summarizer/index.js';
import { ticketTaggerProcessor } from '../../processors/ticket_tagger/index.js';
import { loadTickets, type LabelledTicket } from '../../bench/ticket-eval/fixtures.js';
import { mean, rouge1 } from '../../bench/ticket-eval/metrics.js';
import { leadSummary } from '../../bench/ticket-eval/quality.js';
import { MemoryDeadLetters } from '../helpers/dead-letters.js';

const root = path.resolve(import.meta.dirname, '../..');
const created: Processor[] = [];
afterAll(async () => {
  for (const p of created) await p.close?.();
});

async function tagger(extra: Record<string, unknown> = {}): Promise<Processor> {
  const config = ticketTaggerProcessor.config.parse({
    field: ['ticket.subject', 'message'],
    model: { path: path.join(root, 'models', 'all-minilm-l6-v2') },
    labels: [
      { name: 'billing', description: 'charges, invoices, refunds of money, double or failed payments', examples: ['I was charged twice for one order', 'Please send me an invoice'] },
      { name: 'shipping', description: 'parcels, deliveries, tracking, late, lost or wrong items', examples: ['My parcel never arrived', 'Wrong size delivered'] },
      { name: 'login', description: 'signing in, passwords, locked accounts, two-factor codes', examples: ['I cannot log in after resetting my password'] },
    ],
    top_k: 2,
    ...extra,
  });
  const processor = await ticketTaggerProcessor.create(config, { id: 't', location: 'processors[0]', logger: pino({ level: 'silent' }), stateDir: root, configDir: root, deadLetters: new MemoryDeadLetters(), metrics: new Registry() });
  created.push(processor);
  return processor;
}

/**
 * Queues a few hundred texts on the embedding worker the processors share (seconds of work), so that a
 * processor's request waits behind them and a 50 ms timeout surely passes. Returns a function that waits
 * for that work and lets the worker go.
 */
async function occupyModelWorker(): Promise<() => Promise<void>> {
  const { service, release } = await acquireEmbeddingService(path.join(root, 'models', 'all-minilm-l6-v2'), { maxBatch: 32, maxWaitMs: 0 });
  const work = service.run(Array.from({ length: 300 }, (_, i) => `a queue of ticket number ${i} waiting for the model`));
  return async () => {
    await work;
    await release();
  };
}

const ticket = (subject: string, message: string): LogEvent => ({ '@timestamp': 't', message, ticket: { subject } });
const tagsOf = (e: LogEvent | undefined) => (e?.ticket as { tags?: string[] } | undefined)?.tags;

describe('ticket_tagger', () => {
  it('tags tickets by meaning, best first, with scores for every label', async () => {
    const events = [
      ticket('Double charge', 'My credit card was billed two times for the same order'),
      ticket('Where is my package?', 'Tracking has not moved for a week and the box is not here'),
      ticket('Locked out', 'After changing my password the app says my credentials are wrong'),
    ];
    await (await tagger()).process(events);
    expect(tagsOf(events[0])?.[0]).toBe('billing');
    expect(tagsOf(events[1])?.[0]).toBe('shipping');
    expect(tagsOf(events[2])?.[0]).toBe('login');
    expect(Object.keys((events[0]?.ticket as { tag_scores: Record<string, number> }).tag_scores).sort()).toEqual(['billing', 'login', 'shipping']);
  });

  it('applies keyword rules that force or forbid a tag', async () => {
    const processor = await tagger({
      rules: [
        { tag: 'fraud', keywords: ['did not make this purchase'], action: 'force' },
        { tag: 'billing', keywords: ['did not make this purchase'], action: 'forbid' },
      ],
    });
    const [event] = await processor.process([ticket('Unknown payment', 'There is a charge on my card and I did not make this purchase')]);
    expect(tagsOf(event)?.[0]).toBe('fraud');
    expect(tagsOf(event)).not.toContain('billing');
  });

  it('sends texts to an idle worker at once and gathers those that arrive while it is busy', async () => {
    const service = await InferenceService.start('embed', path.join(root, 'models', 'all-minilm-l6-v2'), { maxBatch: 64, maxWaitMs: 0 });
    try {
      const texts = Array.from({ length: 10 }, (_, i) => `ticket number ${i}`);
      const results = await Promise.all([service.run(texts), service.run(texts), service.run(texts)]);
      // The first caller's texts go at once; the other two callers' wait for the worker and go together.
      expect(service.stats.calls).toBe(2);
      expect(results.map((r) => r.length)).toEqual([10, 10, 10]);
    } finally {
      await service.stop();
    }
  });

  it('on stop, finishes the call already in the worker, fails the queued ones and refuses new ones', async () => {
    const service = await InferenceService.start('embed', path.join(root, 'models', 'all-minilm-l6-v2'), { maxBatch: 8, maxWaitMs: 0 });
    const texts = Array.from({ length: 8 }, (_, i) => `ticket number ${i}`);
    const inWorker = service.run(texts);
    const queued = service.run(texts).then(
      () => 'answered',
      (error: unknown) => (error as Error).message,
    );
    await service.stop();
    expect(await inWorker).toHaveLength(8);
    expect(await queued).toBe('inference service stopped');
    await expect(service.run(['one more'])).rejects.toThrow('inference service stopped');
  });

  it('refuses calls once its worker ended by itself, and still stops at once', async () => {
    const service = await InferenceService.start('embed', path.join(root, 'models', 'all-minilm-l6-v2'), { maxBatch: 8, maxWaitMs: 0 });
    // The thread ends under the service (as a crash in native code would end it), here while idle.
    await (service as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    await expect(service.run(['a ticket nobody will answer'])).rejects.toThrow(/model worker exited/);
    // "At once": without waiting out the grace period a live worker gets to finish its call.
    const started = performance.now();
    await service.stop();
    expect(performance.now() - started).toBeLessThan(STOP_GRACE_MS);
  });

  it('with max_wait, gathers the texts of concurrent callers into one inference call while the worker is idle', async () => {
    const service = await InferenceService.start('embed', path.join(root, 'models', 'all-minilm-l6-v2'), { maxBatch: 64, maxWaitMs: 50 });
    try {
      const texts = Array.from({ length: 10 }, (_, i) => `ticket number ${i}`);
      const [a, b] = await Promise.all([service.run(texts), service.run(texts)]);
      expect(service.stats.calls).toBe(1);
      expect(a).toHaveLength(10);
      expect(b).toHaveLength(10);
    } finally {
      await service.stop();
    }
  });

  it('cuts a request larger than the batch size into several calls and keeps the order', async () => {
    const { service, release } = await acquireEmbeddingService(path.join(root, 'models', 'all-minilm-l6-v2'), { maxBatch: 32, maxWaitMs: 20 });
    const texts = Array.from({ length: 70 }, (_, i) => (i % 2 ? `my parcel ${i} is late` : `I was charged ${i} times`));
    const before = service.stats.calls;
    const vectors = await service.run(texts);
    // The shared service keeps the batch size of its first user (32 by default): 70 texts need 3 or more calls.
    expect(service.stats.calls - before).toBeGreaterThanOrEqual(3);
    expect(vectors).toHaveLength(70);
    const [alone] = await service.run([texts[69] as string]);
    // Each text has its own inference run, so its vector is the same whichever call carried it.
    expect(Array.from(vectors[69] as Float32Array)).toEqual(Array.from(alone as Float32Array));
    expect(cosine(vectors[68] as Float32Array, alone as Float32Array)).toBeLessThan(0.9);
    await release();
  });

  it('tags every event of concurrent batches and leaves events without text alone', async () => {
    const processor = await tagger({ batch: { max_size: 64, max_wait: '50ms' } });
    const events = Array.from({ length: 40 }, (_, i) => ticket(`Order ${i}`, i % 2 ? 'I was charged twice' : 'The parcel is late'));
    events.push({ '@timestamp': 't', message: '' });
    await Promise.all([processor.process(events.slice(0, 20)), processor.process(events.slice(20))]);
    expect(events.slice(0, 40).every((e) => (tagsOf(e)?.length ?? 0) > 0)).toBe(true);
    expect(events[40]?.ticket).toBeUndefined();
  });

  it('on timeout tags the events (on_failure: tag) or drops them (on_failure: drop)', async () => {
    const slow = await tagger({ timeout: 50 });
    const dropping = await tagger({ timeout: 50, on_failure: 'drop' });
    const finished = await occupyModelWorker();
    const [tagged] = await slow.process([ticket('x', 'I was charged twice')]);
    expect(tagged?.tags).toEqual(['ticket_tagger_failure']);
    expect((tagged?.error as { message: string }).message).toMatch(/ticket_tagger: inference took longer than 50 ms/);
    expect(await dropping.process([ticket('x', 'I was charged twice'), { '@timestamp': 't', message: '' }])).toHaveLength(1);
    await finished();
  });

  it('refuses to start without the model folder and says how to get it', async () => {
    await expect(tagger({ model: { path: path.join(root, 'models', 'not-provisioned') } })).rejects.toThrow(/npm run models/);
  });
});

describe('ticket_summarizer', () => {
  async function summarizer(extra: Record<string, unknown> = {}): Promise<Processor> {
    const config = ticketSummarizerProcessor.config.parse({ field: 'message', model: { path: path.join(root, 'models', 'all-minilm-l6-v2') }, max_chars: 120, ...extra });
    const processor = await ticketSummarizerProcessor.create(config, { id: 's', location: 'processors[1]', logger: pino({ level: 'silent' }), stateDir: root, configDir: root, deadLetters: new MemoryDeadLetters(), metrics: new Registry() });
    created.push(processor);
    return processor;
  }

  it('keeps the sentences closest to the whole ticket, in order, within max_chars', async () => {
    const body =
      'Hello team. I hope you are well. I was charged twice for order ORD-632084 yesterday. Both charges of 97.66 EUR show on my card statement. ' +
      'Please refund one of the two charges. By the way, your new website looks nice. Thanks in advance.';
    const [event] = await (await summarizer()).process([{ '@timestamp': 't', message: body }]);
    const summary = (event?.ticket as { summary: string }).summary;
    expect(summary.length).toBeLessThanOrEqual(120);
    expect(summary).toMatch(/charged twice|refund/);
    expect(summary).not.toMatch(/Hello team|website looks nice/);
    const parts = summary.split(/(?<=\.)\s/);
    const positions = parts.map((p) => body.indexOf(p));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('summarizes the labelled tickets at least as well as their first sentences (ROUGE-1 against the references)', async () => {
    // A regression guard for the ranking: ranking by the mean of the sentence vectors scored 0.306 here
    // against 0.376 for the lead baseline; ranking by the whole ticket scores about 0.37 (bench:tickets).
    const tickets = loadTickets(path.join(root, 'test', 'fixtures', 'tickets'));
    // The default inference timeout would tag the batch as failed on a busy machine; quality is the point here.
    const processor = await summarizer({ max_chars: 140, timeout: 120_000 });
    const events: LogEvent[] = tickets.map((t) => ({ '@timestamp': 't', message: t.body }));
    await processor.process(events);
    const ours = mean(events.map((e, i) => rouge1((e.ticket as { summary: string }).summary, (tickets[i] as LabelledTicket).summary)));
    const lead = mean(tickets.map((t) => rouge1(leadSummary(t.body, 140), t.summary)));
    expect(ours, `summarizer ${ours.toFixed(3)} vs lead ${lead.toFixed(3)}`).toBeGreaterThan(lead - 0.02);
  }, 180_000); // embeds every labelled ticket with the real model: on a busy machine that outlasts the default

  it('uses a short ticket as its own summary', async () => {
    const [event] = await (await summarizer()).process([{ '@timestamp': 't', message: 'Parcel never arrived.' }]);
    expect((event?.ticket as { summary: string }).summary).toBe('Parcel never arrived.');
  });

  it('tags events whose inference times out', async () => {
    const long = 'First sentence here. '.repeat(20);
    const slow = await summarizer({ timeout: 50 });
    const finished = await occupyModelWorker();
    const [event] = await slow.process([{ '@timestamp': 't', message: long }]);
    expect(event?.tags).toEqual(['ticket_summarizer_failure']);
    await finished();
  });
});
