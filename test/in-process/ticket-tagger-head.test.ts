/**
 * ticket_tagger's linear head with the real all-MiniLM-L6-v2 weights on the labelled tickets: fitted on
 * the written label examples, or on historical tickets read from an examples file, it tags tickets it has
 * not seen (the odd-numbered half, on which no setting was chosen).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Registry } from 'prom-client';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Processor } from '../../agent/component.js';
import type { LogEvent } from '../../agent/event.js';
import { loadLabels, loadTickets, type LabelledTicket } from '../../bench/ticket-eval/fixtures.js';
import { labelScores, macroF1 } from '../../bench/ticket-eval/metrics.js';
import { ticketTaggerProcessor } from '../../processors/ticket_tagger/index.js';
import { MemoryDeadLetters } from '../helpers/dead-letters.js';

const root = path.resolve(import.meta.dirname, '../..');
const fixtures = path.join(root, 'test', 'fixtures', 'tickets');
const tickets = loadTickets(fixtures);
const heldOut = tickets.filter((_, i) => i % 2 === 1);
const history = tickets.filter((_, i) => i % 2 === 0);
const names = loadLabels(0, fixtures).map((l) => l.name);
let dir: string;
const created: Processor[] = [];
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tagger-head-'));
});
afterAll(async () => {
  for (const p of created) await p.close?.();
  await rm(dir, { recursive: true, force: true });
});

async function tagger(settings: Record<string, unknown>): Promise<Processor> {
  const config = ticketTaggerProcessor.config.parse({ field: ['ticket.subject', 'message'], model: { path: path.join(root, 'models', 'all-minilm-l6-v2') }, ...settings });
  expect(ticketTaggerProcessor.check?.(config, { configDir: dir })).toEqual([]);
  const processor = await ticketTaggerProcessor.create(config, { id: 't', location: 'processors[0]', logger: pino({ level: 'silent' }), stateDir: dir, configDir: dir, deadLetters: new MemoryDeadLetters(), metrics: new Registry() });
  created.push(processor);
  return processor;
}

/** Tags the held-out tickets; their macro-F1 and what the tagger wrote. */
async function tagHeldOut(processor: Processor): Promise<{ macro: number; written: { tags: string[]; tag_scores: Record<string, number> }[] }> {
  const events: LogEvent[] = heldOut.map((t) => ({ '@timestamp': 't', message: t.body, ticket: { subject: t.subject } }));
  await processor.process(events);
  const written = events.map((e) => e.ticket as { tags: string[]; tag_scores: Record<string, number> });
  const macro = macroF1(
    labelScores(
      names,
      heldOut.map((t) => t.tags),
      written.map((w) => w.tags),
    ),
  );
  return { macro, written };
}

describe('ticket_tagger linear head', () => {
  it('fitted on the written examples, tags the held-out tickets (macro-F1 0.88 measured, bench:tickets)', async () => {
    const { macro, written } = await tagHeldOut(await tagger({ labels: loadLabels(5, fixtures), method: 'linear' }));
    expect(macro, `macro-F1 ${macro.toFixed(3)}`).toBeGreaterThan(0.85);
    // Scores are the head's probabilities, one per label.
    for (const { tag_scores } of written) {
      expect(Object.keys(tag_scores).sort()).toEqual([...names].sort());
      for (const p of Object.values(tag_scores)) expect(p >= 0 && p <= 1).toBe(true);
    }
  });

  it('learns from an examples file of historical tickets, a label named only there included (macro-F1 0.87, fraud F1 0.83 measured)', async () => {
    // The even-numbered tickets as history: one JSONL row per ticket, its gold tags as the label list.
    const file = path.join(dir, 'history.jsonl');
    await writeFile(file, history.map((t: LabelledTicket) => JSON.stringify({ subject: t.subject, body: t.body, tags: t.tags })).join('\n'));
    // fraud has no description: it comes from the file alone.
    const described = loadLabels(0, fixtures).filter((l) => l.name !== 'fraud');
    const { macro, written } = await tagHeldOut(await tagger({ labels: described, examples_file: { path: 'history.jsonl', text: ['subject', 'body'], label: 'tags' } }));
    expect(macro, `macro-F1 ${macro.toFixed(3)}`).toBeGreaterThan(0.8);
    expect(Object.keys(written[0]?.tag_scores ?? {})).toEqual([...described.map((l) => l.name), 'fraud']);
    const fraud = labelScores(
      ['fraud'],
      heldOut.map((t) => t.tags),
      written.map((w) => w.tags),
    )[0];
    expect(fraud?.f1, `fraud F1 ${fraud?.f1.toFixed(3)}`).toBeGreaterThan(0.7);
  });
});
