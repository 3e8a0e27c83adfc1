/**
 * Roll-out decisions kept in state_dir (one atomic JSON file per processor), so a restarted agent keeps a
 * promoted candidate, and a rolled-back one stays off, for as long as the config names the same models. A
 * decision is keyed by the content hashes of both models: once the config names another model, it no longer
 * applies (and is replaced by the next decision).
 */
import path from 'node:path';
import { z } from 'zod';
import { JsonStateFile, safeFileName } from '../../agent/kit.js';

const FORMAT = 1;

const decisionSchema = z.object({
  format: z.literal(FORMAT),
  processor: z.string(),
  current: z.string(),
  candidate: z.string(),
  state: z.enum(['promoted', 'rolled_back']),
  by: z.enum(['api', 'guard']),
  reason: z.string(),
  at: z.string(),
});

export type Decision = Omit<z.output<typeof decisionSchema>, 'format'>;

export type DecisionRead = { kind: 'none' } | { kind: 'applies'; decision: Decision } | { kind: 'other-models'; decision: Decision } | { kind: 'corrupt'; reason: string };

export class DecisionStore {
  private readonly file: JsonStateFile<typeof decisionSchema>;

  constructor(stateDir: string, processor: string) {
    this.file = new JsonStateFile(path.join(stateDir, 'models', `${safeFileName(processor)}.json`), decisionSchema);
  }

  get path(): string {
    return this.file.file;
  }

  /** The decision saved for these two models (by content hash), if any. */
  async read(current: string, candidate: string): Promise<DecisionRead> {
    const read = await this.file.read();
    if (read.kind === 'missing') return { kind: 'none' };
    if (read.kind === 'corrupt') return { kind: 'corrupt', reason: `${read.reason}; moved to ${read.movedTo}` };
    const { format: _format, ...decision } = read.value;
    return decision.current === current && decision.candidate === candidate ? { kind: 'applies', decision } : { kind: 'other-models', decision };
  }

  write(decision: Decision): Promise<void> {
    return this.file.write({ format: FORMAT, ...decision });
  }
}
