/**
 * The tagger's `examples_file`: labelled historical tickets in JSONL or CSV, one label per row (a JSONL row
 * may list several). The file is read in chunks, every row checked with zod, and only the last
 * `max_per_label` rows of each label are kept, so memory stays bounded however long the file is. `validate`
 * (the check hook, which is synchronous) reads it with the same row decoding and reports every bad row with
 * its line; start-up reads it again and stops at the first bad row.
 */
import { closeSync, createReadStream, existsSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { z } from 'zod';
import { getField, type CheckContext, type CheckProblem, type LogEvent } from '../../agent/kit.js';
import { labelNameSchema, type ExamplesFileSettings } from './config.js';
import { CsvError, CsvRecords } from './csv-records.js';

export interface ExampleRow {
  readonly line: number;
  readonly text: string;
  readonly labels: readonly string[];
}

/** What decoding a record gave: a row, or what is wrong with it. */
type Decoded = { line: number; row: ExampleRow } | { line: number; problem: string };

/** Turns chunks of the file into rows, in order. */
interface RowDecoder {
  push(chunk: string): Decoded[];
  end(): Decoded[];
}

const CHUNK_BYTES = 64 * 1024;
/** `validate` lists this many bad rows, then counts the rest. */
const MAX_REPORTED = 20;

export function examplesFormat(settings: ExamplesFileSettings): 'jsonl' | 'csv' | undefined {
  if (settings.format !== undefined) return settings.format;
  const extension = path.extname(settings.path).toLowerCase();
  return extension === '.csv' ? 'csv' : extension === '.jsonl' || extension === '.ndjson' ? 'jsonl' : undefined;
}

/**
 * Validates one row given as its values by key or column: every text key holds a string (together not
 * blank), the label key a label name (or, in JSONL, a list of them).
 */
function rowSchema(settings: ExamplesFileSettings) {
  const textKeys = Array.isArray(settings.text) ? settings.text : [settings.text];
  const shape: Record<string, z.ZodType> = Object.fromEntries(textKeys.map((key) => [key, z.string()]));
  shape[settings.label] = z.union([labelNameSchema, z.array(labelNameSchema).min(1)]);
  return z.object(shape).transform((values, ctx) => {
    const text = textKeys
      .map((key) => values[key] as string)
      .filter((part) => part.trim() !== '')
      .join('\n');
    if (text === '') {
      ctx.addIssue({ code: 'custom', message: `no text in ${textKeys.map((k) => JSON.stringify(k)).join(', ')}` });
      return z.NEVER;
    }
    const label = values[settings.label] as string | string[];
    return { text, labels: Array.isArray(label) ? label : [label] };
  });
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => (issue.path.length > 0 ? `${issue.path.map((p) => JSON.stringify(String(p))).join('.')}: ${issue.message}` : issue.message)).join('; ');
}

function rowDecoder(settings: ExamplesFileSettings, format: 'jsonl' | 'csv'): RowDecoder {
  const schema = rowSchema(settings);
  const keys = [...(Array.isArray(settings.text) ? settings.text : [settings.text]), settings.label];
  const validate = (line: number, values: Record<string, unknown>): Decoded => {
    const parsed = schema.safeParse(values);
    return parsed.success ? { line, row: { line, ...parsed.data } } : { line, problem: describeIssues(parsed.error) };
  };
  if (format === 'jsonl') {
    let pending = '';
    let line = 0;
    const decodeLine = (text: string): Decoded[] => {
      line++;
      if (text.trim() === '') return [];
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        return [{ line, problem: `not JSON (${(error as Error).message})` }];
      }
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return [{ line, problem: 'expected a JSON object' }];
      return [validate(line, Object.fromEntries(keys.map((key) => [key, getField(value as LogEvent, key)])))];
    };
    return {
      push(chunk) {
        const lines = (pending + chunk).split('\n');
        pending = lines.pop() ?? '';
        return lines.flatMap(decodeLine);
      },
      end: () => decodeLine(pending),
    };
  }
  const records = new CsvRecords();
  let columns: Map<string, number> | undefined;
  const decodeRecords = (batch: ReturnType<CsvRecords['push']>): Decoded[] =>
    batch.flatMap(({ line, fields }): Decoded[] => {
      if (columns === undefined) {
        columns = new Map(fields.map((name, i) => [name.trim(), i]));
        const missing = keys.filter((key) => !columns?.has(key));
        if (missing.length > 0) throw new CsvError(line, `the header has no column ${missing.map((k) => JSON.stringify(k)).join(', ')} (columns: ${fields.join(', ')})`);
        return [];
      }
      if (fields.length !== columns.size) return [{ line, problem: `${fields.length} fields, the header has ${columns.size}` }];
      return [validate(line, Object.fromEntries(keys.map((key) => [key, fields[columns?.get(key) ?? -1]])))];
    });
  return {
    push: (chunk) => decodeRecords(records.push(chunk)),
    end: () => decodeRecords(records.end()),
  };
}

/** Keeps the last `limit` rows of each label; a row kept for one of its labels keeps all of them. */
class LastRowsPerLabel {
  private readonly kept = new Map<string, ExampleRow[]>();

  constructor(private readonly limit: number) {}

  add(row: ExampleRow): void {
    for (const label of row.labels) {
      let rows = this.kept.get(label);
      if (rows === undefined) this.kept.set(label, (rows = []));
      rows.push(row);
      // Trimmed in halves, not one row at a time: shifting a long array for every row is quadratic.
      if (rows.length >= 2 * this.limit) rows.splice(0, rows.length - this.limit);
    }
  }

  rows(): ExampleRow[] {
    const rows = new Set<ExampleRow>();
    for (const kept of this.kept.values()) for (const row of kept.slice(-this.limit)) rows.add(row);
    return [...rows].sort((a, b) => a.line - b.line);
  }
}

function resolve(settings: ExamplesFileSettings, configDir: string): { file: string; format: 'jsonl' | 'csv' } {
  const file = path.resolve(configDir, settings.path);
  const format = examplesFormat(settings);
  if (format === undefined) throw new Error(`cannot tell the format of ${file} from its extension: set format (jsonl or csv)`);
  return { file, format };
}

/** The rows the tagger learns from: the last max_per_label of each label, in file order. Throws at the first bad row. */
export async function readExamples(settings: ExamplesFileSettings, configDir: string): Promise<ExampleRow[]> {
  const { file, format } = resolve(settings, configDir);
  const decoder = rowDecoder(settings, format);
  const kept = new LastRowsPerLabel(settings.max_per_label);
  const take = (decoded: Decoded[]): void => {
    for (const item of decoded) {
      if ('problem' in item) throw new Error(`${file} line ${item.line}: ${item.problem}`);
      kept.add(item.row);
    }
  };
  try {
    for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: CHUNK_BYTES })) take(decoder.push(chunk as string));
    take(decoder.end());
  } catch (error) {
    if (error instanceof CsvError) throw new Error(`${file} line ${error.line}: ${error.message}`);
    throw error;
  }
  const rows = kept.rows();
  if (rows.length === 0) throw new Error(`${file} has no rows`);
  return rows;
}

/** What is wrong with the file, for `validate`: each bad row with its line (the first MAX_REPORTED, then a count). */
export function examplesFileProblems(settings: ExamplesFileSettings, configDir: string): { problems: string[]; labels: string[] } {
  let file: string;
  let format: 'jsonl' | 'csv';
  try {
    ({ file, format } = resolve(settings, configDir));
  } catch (error) {
    return { problems: [(error as Error).message], labels: [] };
  }
  if (!existsSync(file)) return { problems: [`examples file ${file} not found`], labels: [] };
  const decoder = rowDecoder(settings, format);
  const problems: string[] = [];
  const labels = new Set<string>();
  let bad = 0;
  let rows = 0;
  const take = (decoded: Decoded[]): void => {
    for (const item of decoded) {
      if ('row' in item) {
        rows++;
        for (const label of item.row.labels) labels.add(label);
      } else if (++bad <= MAX_REPORTED) problems.push(`${file} line ${item.line}: ${item.problem}`);
    }
  };
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    const text = new StringDecoder('utf8');
    for (let read = readSync(fd, buffer); read > 0; read = readSync(fd, buffer)) take(decoder.push(text.write(buffer.subarray(0, read))));
    take(decoder.push(text.end()));
    take(decoder.end());
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    problems.push(`${file} line ${error.line}: ${error.message}`);
  } finally {
    closeSync(fd);
  }
  if (bad > MAX_REPORTED) problems.push(`${file}: ${bad - MAX_REPORTED} more bad rows`);
  if (rows === 0 && problems.length === 0) problems.push(`${file} has no rows`);
  return { problems, labels: [...labels] };
}

interface ExamplesFileConfig {
  readonly examples_file?: ExamplesFileSettings | undefined;
  /** The scoring method resolved (scoringMethod in config.ts). */
  readonly method: 'linear' | 'prototype';
  readonly labels: readonly { name: string }[];
}

/** The check hook's part for examples_file: bad rows, and a linear head left with fewer than two labels. */
export function checkExamplesFile(config: ExamplesFileConfig, context: CheckContext): CheckProblem[] {
  if (config.examples_file === undefined) return [];
  const { problems, labels } = examplesFileProblems(config.examples_file, context.configDir);
  const found: CheckProblem[] = problems.map((message) => ({ path: ['examples_file', 'path'], message }));
  const names = new Set([...config.labels.map((l) => l.name), ...labels]);
  if (problems.length === 0 && config.method === 'linear' && names.size < 2) {
    found.push({ path: ['examples_file', 'path'], message: `the linear head needs at least two labels, and the labels and ${config.examples_file.path} name ${names.size} (use method: prototype for one)` });
  }
  return found;
}
