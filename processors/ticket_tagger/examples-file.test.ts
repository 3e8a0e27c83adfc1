import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { examplesFileSchema } from './config.js';
import { checkExamplesFile, examplesFileProblems, readExamples } from './examples-file.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'examples-file-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const settings = (fields: Record<string, unknown>) => examplesFileSchema.parse(fields);
async function file(name: string, content: string): Promise<string> {
  await writeFile(path.join(dir, name), content);
  return name;
}

describe('examples file', () => {
  it('reads JSONL rows: text from one or more keys (dotted paths reach into objects), one label or a list', async () => {
    const name = await file(
      'tickets.jsonl',
      [
        JSON.stringify({ ticket: { subject: 'Double charge' }, message: 'Charged twice for ORD-1', label: 'billing' }),
        '',
        JSON.stringify({ ticket: { subject: 'Stolen card' }, message: 'Orders I did not make', label: ['fraud', 'billing'] }),
        JSON.stringify({ ticket: { subject: '' }, message: 'Cannot sign in', label: 'login' }),
      ].join('\n'),
    );
    const rows = await readExamples(settings({ path: name, text: ['ticket.subject', 'message'] }), dir);
    expect(rows).toEqual([
      { line: 1, text: 'Double charge\nCharged twice for ORD-1', labels: ['billing'] },
      { line: 3, text: 'Stolen card\nOrders I did not make', labels: ['fraud', 'billing'] },
      { line: 4, text: 'Cannot sign in', labels: ['login'] },
    ]);
    expect(examplesFileProblems(settings({ path: name, text: ['ticket.subject', 'message'] }), dir)).toEqual({ problems: [], labels: ['billing', 'fraud', 'login'] });
  });

  it('reads CSV rows by column name, with the record line numbers of quoted line breaks', async () => {
    const name = await file('tickets.csv', 'id,subject,body,category\r\n1,Late parcel,"Still not here, after\r\ntwo weeks",shipping\r\n2,"Reset ""link""",It expired,login\r\n');
    const rows = await readExamples(settings({ path: name, text: ['subject', 'body'], label: 'category' }), dir);
    expect(rows).toEqual([
      { line: 2, text: 'Late parcel\nStill not here, after\r\ntwo weeks', labels: ['shipping'] },
      { line: 4, text: 'Reset "link"\nIt expired', labels: ['login'] },
    ]);
  });

  it('names the file, the line and what is wrong for every bad row; start-up stops at the first', async () => {
    const name = await file(
      'bad.jsonl',
      [
        JSON.stringify({ text: 'fine', label: 'billing' }),
        '{"text": "cut off',
        JSON.stringify({ label: 'billing' }),
        JSON.stringify({ text: 'shouting', label: 'Billing Issue' }),
        JSON.stringify({ text: '   ', label: 'billing' }),
        '[1, 2]',
      ].join('\n'),
    );
    const full = path.join(dir, name);
    const { problems } = examplesFileProblems(settings({ path: name }), dir);
    expect(problems).toHaveLength(5);
    expect(problems[0]).toMatch(new RegExp(`^${full} line 2: not JSON`));
    expect(problems[1]).toBe(`${full} line 3: "text": Invalid input: expected string, received undefined`);
    expect(problems[2]).toBe(`${full} line 4: "label": expected lower-case letters, digits, "_" or "-"`);
    expect(problems[3]).toBe(`${full} line 5: no text in "text"`);
    expect(problems[4]).toBe(`${full} line 6: expected a JSON object`);
    await expect(readExamples(settings({ path: name }), dir)).rejects.toThrow(`${full} line 2: not JSON`);
  });

  it('reports CSV rows with the wrong number of fields, a header without the columns, and an unterminated quote', async () => {
    const ragged = await file('ragged.csv', 'text,label\nok,billing\ntoo,many,fields\n"not closed,billing\n');
    const { problems } = examplesFileProblems(settings({ path: ragged }), dir);
    expect(problems).toEqual([`${path.join(dir, ragged)} line 3: 3 fields, the header has 2`, `${path.join(dir, ragged)} line 4: the file ends inside a quoted field (a closing " is missing)`]);
    const header = await file('header.csv', 'body,category\nok,billing\n');
    expect(examplesFileProblems(settings({ path: header }), dir).problems).toEqual([`${path.join(dir, header)} line 1: the header has no column "text", "label" (columns: body, category)`]);
    await expect(readExamples(settings({ path: header }), dir)).rejects.toThrow(`${path.join(dir, header)} line 1: the header has no column "text", "label"`);
  });

  it('lists the first 20 bad rows and counts the rest', async () => {
    const name = await file('many-bad.csv', `text,label\n${Array.from({ length: 25 }, (_, i) => `ticket ${i},Bad`).join('\n')}\n`);
    const { problems } = examplesFileProblems(settings({ path: name }), dir);
    expect(problems).toHaveLength(21);
    expect(problems[19]).toMatch(/line 21: "label"/);
    expect(problems[20]).toBe(`${path.join(dir, name)}: 5 more bad rows`);
  });

  it('keeps the last max_per_label rows of each label, in file order', async () => {
    const lines = Array.from({ length: 50 }, (_, i) => JSON.stringify({ text: `ticket ${i}`, label: i % 5 === 0 ? 'rare' : 'common' }));
    const name = await file('long.jsonl', lines.join('\n'));
    const rows = await readExamples(settings({ path: name, max_per_label: 3 }), dir);
    expect(rows.map((r) => r.text)).toEqual(['ticket 35', 'ticket 40', 'ticket 45', 'ticket 47', 'ticket 48', 'ticket 49']);
  });

  it('reads a file larger than its chunks the same way synchronously (validate) and in a stream (start-up), multi-byte characters included', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `"Café № ${i}, €${i}",${i % 3 === 0 ? 'billing' : 'refund'}`);
    const name = await file('large.csv', `text,label\n${rows.join('\n')}\n`);
    const read = await readExamples(settings({ path: name, max_per_label: 5000 }), dir);
    expect(read).toHaveLength(3000);
    expect(read[2999]).toEqual({ line: 3001, text: 'Café № 2999, €2999', labels: ['refund'] });
    expect(read.every((row, i) => row.text === `Café № ${i}, €${i}`)).toBe(true);
    expect(examplesFileProblems(settings({ path: name }), dir)).toEqual({ problems: [], labels: ['billing', 'refund'] });
  });

  it('says when the file is missing, has no rows, or has an extension that does not tell its format', async () => {
    expect(examplesFileProblems(settings({ path: 'none.jsonl' }), dir).problems).toEqual([`examples file ${path.join(dir, 'none.jsonl')} not found`]);
    const empty = await file('empty.csv', 'text,label\n');
    expect(examplesFileProblems(settings({ path: empty }), dir).problems).toEqual([`${path.join(dir, empty)} has no rows`]);
    await expect(readExamples(settings({ path: empty }), dir)).rejects.toThrow('has no rows');
    const txt = await file('tickets.txt', JSON.stringify({ text: 'a', label: 'b' }));
    expect(examplesFileProblems(settings({ path: txt }), dir).problems[0]).toMatch(/cannot tell the format .* set format/);
    expect(examplesFileProblems(settings({ path: txt, format: 'jsonl' }), dir).problems).toEqual([]);
  });

  it('as a check: problems at examples_file.path, and a linear head needs two labels between the config and the file', async () => {
    const one = await file('one-label.jsonl', JSON.stringify({ text: 'charged twice', label: 'billing' }));
    const config = { examples_file: settings({ path: one }), method: 'linear' as const, labels: [{ name: 'billing' }] };
    expect(checkExamplesFile(config, { configDir: dir })).toEqual([{ path: ['examples_file', 'path'], message: expect.stringMatching(/needs at least two labels.*name 1/) }]);
    expect(checkExamplesFile({ ...config, method: 'prototype' }, { configDir: dir })).toEqual([]);
    expect(checkExamplesFile({ ...config, labels: [{ name: 'refund' }] }, { configDir: dir })).toEqual([]);
    expect(checkExamplesFile({ ...config, examples_file: settings({ path: 'none.csv' }) }, { configDir: dir })).toEqual([{ path: ['examples_file', 'path'], message: expect.stringMatching(/not found/) }]);
  });
});
