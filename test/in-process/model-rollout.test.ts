/**
 * Canary and shadow roll-outs of the ticket processors with the real all-MiniLM-L6-v2 weights: the candidate
 * is the same weights in another folder with one more file (so another content hash), which must tag and
 * summarize exactly as the current model does, so every comparison agrees.
 */
import { mkdir, mkdtemp, readdir, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelControl, Processor } from '../../agent/component.js';
import type { LogEvent } from '../../agent/event.js';
import { keyBucket } from '../../processors/model-rollout/routing.js';
import { folderIdentity } from '../../processors/model-rollout/model-identity.js';
import { ticketSummarizerProcessor } from '../../processors/ticket_summarizer/index.js';
import { ticketTaggerProcessor } from '../../processors/ticket_tagger/index.js';
import { loadTickets } from '../../bench/ticket-eval/fixtures.js';
import { MemoryDeadLetters } from '../helpers/dead-letters.js';

const root = path.resolve(import.meta.dirname, '../..');
const miniLm = path.join(root, 'models', 'all-minilm-l6-v2');
const created: Processor[] = [];
let candidate: string;
let candidateHash: string;

beforeAll(async () => {
  candidate = path.join(await mkdtemp(path.join(os.tmpdir(), 'rollout-model-')), 'minilm-candidate');
  await mkdir(candidate);
  for (const entry of await readdir(miniLm)) await symlink(path.join(miniLm, entry), path.join(candidate, entry));
  await writeFile(path.join(candidate, 'NOTES.md'), 'The same weights, packaged again.\n');
  candidateHash = (await folderIdentity(candidate)).hash;
});

afterAll(async () => {
  for (const p of created) await p.close?.();
});

const LABELS = [
  { name: 'billing', description: 'charges, invoices, refunds of money, double or failed payments', examples: ['I was charged twice for one order'] },
  { name: 'shipping', description: 'parcels, deliveries, tracking, late, lost or wrong items', examples: ['My parcel never arrived'] },
  { name: 'login', description: 'signing in, passwords, locked accounts, two-factor codes', examples: ['I cannot log in after resetting my password'] },
];

async function build<P extends typeof ticketTaggerProcessor | typeof ticketSummarizerProcessor>(processor: P, config: Record<string, unknown>, metrics = new Registry()): Promise<Processor> {
  const stateDir = await mkdtemp(path.join(os.tmpdir(), 'rollout-state-'));
  const parsed = processor.config.parse(config) as never;
  const instance = await processor.create(parsed, { id: 'tickets', location: 'processors[0]', logger: pino({ level: 'silent' }), stateDir, configDir: root, deadLetters: new MemoryDeadLetters(), metrics });
  created.push(instance);
  return instance;
}

function tickets(): LogEvent[] {
  return loadTickets(path.join(root, 'test', 'fixtures', 'tickets'))
    .slice(0, 60)
    .map((t, i) => ({ '@timestamp': 't', message: t.body, ticket: { subject: t.subject }, customer: { id: `customer-${i % 20}` } }) as LogEvent);
}

const tagger = (e: LogEvent) => e.ticket as { tags: string[]; tag_scores: Record<string, number>; tagger: { model_version: string; shadow?: { tags: string[]; tag_scores: Record<string, number>; model_version: string } } };

describe('ticket_tagger roll-outs with the real MiniLM weights', () => {
  it('shadow: the candidate tags every ticket beside the current model, and the two agree', async () => {
    const metrics = new Registry();
    const processor = await build(ticketTaggerProcessor, { field: ['ticket.subject', 'message'], model: { path: miniLm }, labels: LABELS, shadow: { model: { path: candidate } } }, metrics);
    const events = tickets();
    await processor.process(events);
    const current = `all-minilm-l6-v2@${(await folderIdentity(miniLm)).hash}`;
    const next = `minilm-candidate@${candidateHash}`;
    expect(current).not.toBe(next);
    for (const e of events) {
      const t = tagger(e);
      expect(t.tagger.model_version).toBe(current);
      expect(t.tagger.shadow?.model_version).toBe(next);
      expect(t.tagger.shadow?.tags).toEqual(t.tags);
      expect(t.tagger.shadow?.tag_scores).toEqual(t.tag_scores);
    }
    expect(events.some((e) => tagger(e).tags.length > 0)).toBe(true);
    const status = (processor.models as ModelControl).status();
    expect(status).toMatchObject({ state: 'shadow', serving: current, comparison: { compared: 60, agreed: 60, agreement: 1, mean_similarity: 1 } });
    expect(status.candidate?.flagged_rate).toBe(status.current.flagged_rate);
    const text = await metrics.metrics();
    expect(text).toContain(`sidecar_model_compared_total{processor="tickets",version="${next}"} 60`);
    expect(text).toContain(`sidecar_model_agreed_total{processor="tickets",version="${next}"} 60`);
    expect(text).toContain(`sidecar_model_similarity_bucket{le="0.99",processor="tickets",version="${next}"} 0`);
  });

  it('shadow with a label set: the candidate\'s priority goes under ticket.tagger.priority.shadow, beside its own version', async () => {
    const processor = await build(ticketTaggerProcessor, { field: ['ticket.subject', 'message'], model: { path: miniLm }, label_set: 'priority', shadow: { model: { path: candidate } } });
    const events = tickets().slice(0, 20);
    await processor.process(events);
    const current = `all-minilm-l6-v2@${(await folderIdentity(miniLm)).hash}`;
    for (const e of events) {
      const t = e.ticket as { priority: string; priority_scores: Record<string, number>; tagger: { model_version?: string; priority: { model_version: string; shadow: { priority: string; priority_scores: Record<string, number>; model_version: string } } } };
      expect(t.tagger.model_version).toBeUndefined();
      expect(t.tagger.priority.model_version).toBe(current);
      expect(t.tagger.priority.shadow.model_version).toBe(`minilm-candidate@${candidateHash}`);
      expect(t.tagger.priority.shadow.priority).toBe(t.priority);
      expect(t.tagger.priority.shadow.priority_scores).toEqual(t.priority_scores);
    }
    expect((processor.models as ModelControl).status()).toMatchObject({ state: 'shadow', comparison: { compared: 20, agreed: 20 } });
  });

  it('canary: the customers the hash picks get the candidate, the others the current model, every time', async () => {
    const processor = await build(ticketTaggerProcessor, { field: ['ticket.subject', 'message'], model: { path: miniLm }, labels: LABELS, canary: { model: { path: candidate }, share: 0.5, key: 'customer.id' } });
    const plain = await build(ticketTaggerProcessor, { field: ['ticket.subject', 'message'], model: { path: miniLm }, labels: LABELS });
    const events = tickets();
    const reference = tickets();
    await Promise.all([processor.process(events), plain.process(reference)]);
    const again = tickets();
    await processor.process(again);
    let toCandidate = 0;
    events.forEach((e, i) => {
      const customer = (e.customer as { id: string }).id;
      const picked = keyBucket(customer, candidateHash) < 0.5;
      if (picked) toCandidate++;
      expect(tagger(e).tagger.model_version.startsWith(picked ? 'minilm-candidate@' : 'all-minilm-l6-v2@')).toBe(true);
      expect(tagger(again[i] as LogEvent).tagger.model_version).toBe(tagger(e).tagger.model_version);
      expect(tagger(e).tags).toEqual(tagger(reference[i] as LogEvent).tags);
      expect(tagger(e).tagger.shadow).toBeUndefined();
    });
    expect(toCandidate).toBeGreaterThan(0);
    expect(toCandidate).toBeLessThan(60);
    const status = (processor.models as ModelControl).status();
    expect(status.candidate).toMatchObject({ served: toCandidate * 2, mode: 'canary', share: 0.5, key: 'customer.id' });
    expect(status.current.served).toBe((60 - toCandidate) * 2);
  });
});

describe('ticket_summarizer roll-outs with the real MiniLM weights', () => {
  it('shadow: the candidate writes the same summaries beside the current ones', async () => {
    const processor = await build(ticketSummarizerProcessor, { field: 'message', model: { path: miniLm }, max_chars: 120, shadow: { model: { path: candidate } } });
    const events = tickets().slice(0, 20);
    await processor.process(events);
    for (const e of events) {
      const t = e.ticket as { summary: string; summarizer: { model_version: string; shadow: { summary: string; model_version: string } } };
      expect(t.summarizer.model_version).toMatch(/^all-minilm-l6-v2@[0-9a-f]{8}$/);
      expect(t.summarizer.shadow).toEqual({ summary: t.summary, model_version: `minilm-candidate@${candidateHash}` });
    }
    const status = (processor.models as ModelControl).status();
    expect(status.comparison).toMatchObject({ compared: 20, agreement: 1, mean_similarity: 1 });
    expect(status.current.flagged_rate).toBeNull();
    expect(status.current.mean_call_ms).toBeGreaterThan(0);
  });
});
