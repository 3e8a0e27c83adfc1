import { describe, expect, it } from 'vitest';
import { CsvRecords, type CsvRecord } from './csv-records.js';

function parse(text: string, chunkSize = text.length || 1): CsvRecord[] {
  const csv = new CsvRecords();
  const records: CsvRecord[] = [];
  for (let i = 0; i < text.length; i += chunkSize) records.push(...csv.push(text.slice(i, i + chunkSize)));
  return [...records, ...csv.end()];
}

describe('CSV records', () => {
  const text = '\uFEFFtext,label\r\n"Charged twice, please help",billing\r\n\r\n"She said ""hi""\nand left",login\nplain,refund';

  it('reads quoted fields with commas, doubled quotes and line breaks, CRLF or LF, and skips a BOM and empty lines', () => {
    expect(parse(text)).toEqual([
      { line: 1, fields: ['text', 'label'] },
      { line: 2, fields: ['Charged twice, please help', 'billing'] },
      { line: 4, fields: ['She said "hi"\nand left', 'login'] },
      { line: 6, fields: ['plain', 'refund'] },
    ]);
  });

  it('gives the same records whatever the chunks are cut at', () => {
    for (const size of [1, 2, 3, 7]) expect(parse(text, size)).toEqual(parse(text));
  });

  it('keeps empty fields, quoted or not, and a last line with a line break', () => {
    expect(parse('a,,""\n"",b,\n')).toEqual([
      { line: 1, fields: ['a', '', ''] },
      { line: 2, fields: ['', 'b', ''] },
    ]);
  });

  it('reads a quote inside an unquoted field as a plain character', () => {
    expect(parse('5" screen,bug\n')).toEqual([{ line: 1, fields: ['5" screen', 'bug'] }]);
  });

  it('says where a quoted field that never ends started', () => {
    expect(() => parse('text,label\n"never closed,billing\nmore\n')).toThrow(expect.objectContaining({ line: 2, message: expect.stringMatching(/closing " is missing/) }));
  });
});
