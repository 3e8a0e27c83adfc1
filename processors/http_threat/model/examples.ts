/**
 * The payload model's examples file: JSONL, one labelled request a line, in the threat corpus's record
 * format (scripts/threat-corpus/records.ts), of which only these fields are read:
 *
 *   {"label": "attack", "class": "sqli", "method": "GET", "uri": "/?id=1' or 1=1--", "user_agent": "…", "referer": "…"}
 *
 * `label` is attack or benign; `class` names an attack's class (any short name; absent or null for benign
 * rows and for attacks of no known class); `uri`, `user_agent` and `referer` are what an access log holds,
 * at least one of them set; `method` is accepted and not used. Other fields are ignored, except
 * `log_visible: false`, which marks a row whose payload an access log does not hold (a body, a header):
 * such rows are skipped, since their logged fields say nothing about the attack. Every problem names the
 * file and the line.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

export const exampleRow = z
  .looseObject({
    label: z.enum(['attack', 'benign']),
    class: z.string().min(1).max(64).nullable().optional(),
    method: z.string().optional(),
    uri: z.string().optional(),
    user_agent: z.string().optional(),
    referer: z.string().optional(),
    log_visible: z.boolean().optional(),
  })
  .refine((row) => [row.uri, row.user_agent, row.referer].some((v) => v !== undefined && v !== ''), { message: 'none of uri, user_agent, referer is set' });

export interface Example {
  readonly line: number;
  readonly attack: boolean;
  /** The attack class, undefined for benign rows and attacks without one. */
  readonly class: string | undefined;
  readonly uri: string | undefined;
  readonly user_agent: string | undefined;
  readonly referer: string | undefined;
}

export interface ParsedExamples {
  readonly examples: Example[];
  /** Rows left out because their payload is not in the logged fields (log_visible: false). */
  readonly skipped: number;
  readonly problems: string[];
}

const describe = (error: z.ZodError): string =>
  error.issues.map((issue) => (issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ${issue.message}` : issue.message)).join('; ');

/** Decodes the file's text; every bad line becomes a problem naming `file` and the line number. */
export function parseExamples(text: string, file: string): ParsedExamples {
  const examples: Example[] = [];
  const problems: string[] = [];
  let skipped = 0;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] as string;
    if (raw.trim() === '') continue;
    const line = i + 1;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      problems.push(`${file} line ${line}: not JSON (${(error as Error).message})`);
      continue;
    }
    const parsed = exampleRow.safeParse(value);
    if (!parsed.success) {
      problems.push(`${file} line ${line}: ${describe(parsed.error)}`);
      continue;
    }
    const row = parsed.data;
    if (row.log_visible === false) {
      skipped++;
      continue;
    }
    examples.push({ line, attack: row.label === 'attack', class: row.label === 'attack' ? (row.class ?? undefined) : undefined, uri: row.uri, user_agent: row.user_agent, referer: row.referer });
  }
  if (problems.length === 0 && !examples.some((e) => e.attack)) problems.push(`${file}: no attack rows (the model needs attack and benign rows)`);
  if (problems.length === 0 && !examples.some((e) => !e.attack)) problems.push(`${file}: no benign rows (the model needs attack and benign rows)`);
  return { examples, skipped, problems };
}

/** Reads the examples file; throws with the first problem (file and line) if there is one. */
export async function readExamples(examplesFile: string, configDir: string): Promise<{ file: string; examples: Example[]; skipped: number }> {
  const file = path.resolve(configDir, examplesFile);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the examples file ${file}: ${(error as Error).message}`);
  }
  const { examples, skipped, problems } = parseExamples(text, file);
  if (problems.length > 0) throw new Error(problems.length === 1 ? (problems[0] as string) : `${problems[0]} (and ${problems.length - 1} more problems)`);
  return { file, examples, skipped };
}

/** What is wrong with the examples file, for `validate`: at most `limit` problems, each with its line. */
export function examplesFileProblems(examplesFile: string, configDir: string, limit = 20): string[] {
  const file = path.resolve(configDir, examplesFile);
  if (!existsSync(file)) return [`examples file ${file} not found`];
  const { problems } = parseExamples(readFileSync(file, 'utf8'), file);
  return problems.length > limit ? [...problems.slice(0, limit), `${file}: ${problems.length - limit} more bad lines`] : problems;
}

/**
 * SHA-256 of the examples file's bytes (or of the message that it cannot be read): a reload retrains the
 * model when the file's contents changed, though the config naming it did not.
 */
export async function examplesDigest(examplesFile: string, configDir: string): Promise<string> {
  const file = path.resolve(configDir, examplesFile);
  try {
    return createHash('sha256').update(await readFile(file)).digest('hex');
  } catch (error) {
    return `unreadable: ${(error as Error).message}`;
  }
}
