/**
 * The labelled ticket set (test/fixtures/tickets): tickets with gold tags and reference summaries, the label
 * descriptions, and five example texts per label (not taken from the tickets: they are the evaluation set).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

export const FIXTURES = path.resolve(import.meta.dirname, '../../../test/fixtures/tickets');

const ticketSchema = z.strictObject({
  id: z.string(),
  subject: z.string().min(1),
  body: z.string().min(1),
  tags: z.array(z.string()).min(1),
  summary: z.string().min(1),
});
export type LabelledTicket = z.infer<typeof ticketSchema>;

const descriptionsSchema = z.record(z.string(), z.string().min(1));
const examplesSchema = z.record(z.string(), z.array(z.string().min(1)));

export interface LabelDefinition {
  name: string;
  description: string;
  examples: string[];
}

/** The rows of a JSONL fixture file in `folder`, each checked against `schema`; an error names the file and line. */
export function readFixtureRows<S extends z.ZodType>(folder: string, file: string, schema: S): z.output<S>[] {
  return readFileSync(path.join(folder, file), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      const parsed = schema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${file} line ${i + 1}: ${parsed.error.message}`);
      return parsed.data;
    });
}

/** The tickets in `folder` (default: the fixture folder as seen from the build, dist/bench/ticket-eval). */
export function loadTickets(folder = FIXTURES): LabelledTicket[] {
  return readFixtureRows(folder, 'tickets.jsonl', ticketSchema);
}

/** Labels with their descriptions and, with `examplesPerLabel` > 0, that many example texts (folder: as loadTickets). */
export function loadLabels(examplesPerLabel: number, folder = FIXTURES): LabelDefinition[] {
  const descriptions = descriptionsSchema.parse(parse(readFileSync(path.join(folder, 'labels.yaml'), 'utf8')));
  const examples = examplesSchema.parse(JSON.parse(readFileSync(path.join(folder, 'label-examples.json'), 'utf8')));
  return Object.entries(descriptions).map(([name, description]) => ({ name, description, examples: (examples[name] ?? []).slice(0, examplesPerLabel) }));
}

/** A ticket as the app logs it: one JSON line, the text in `message`, the subject beside it. */
export function ticketLogLine(ticket: LabelledTicket, extra: Record<string, unknown> = {}): string {
  return `${JSON.stringify({ '@timestamp': new Date().toISOString(), ticket: { id: ticket.id, subject: ticket.subject }, message: ticket.body, ...extra })}\n`;
}
