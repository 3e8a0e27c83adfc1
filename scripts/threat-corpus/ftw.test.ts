import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { parseFtwFile } from './ftw.js';

const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, 'testdata', name), 'utf8');

describe('parseFtwFile', () => {
  it('flattens tests and stages with their expected and forbidden rule ids', () => {
    const requests = parseFtwFile(fixture('942100.yaml'), '942100.yaml');
    expect(requests.map((r) => [r.testId, r.stage])).toEqual([[1, 1], [2, 1], [3, 1], [4, 1], [4, 2]]);
    expect(requests[0]).toMatchObject({ ruleId: 942100, desc: 'SQL injection in the query string', expectIds: [942100], noExpectIds: [] });
    expect(requests[0]?.input).toMatchObject({ method: 'GET', uri: '/get?id=1%27%20or%20%271%27%3D%271' });
    expect(requests[1]?.input.data).toBe("var=-1839' or '1'='1");
    expect(requests[2]).toMatchObject({ expectIds: [], noExpectIds: [942100] });
    expect(requests[2]?.input.method).toBeUndefined();
    expect(requests[3]).toMatchObject({ expectIds: [], noExpectIds: [] });
  });

  it('reads numeric header values as strings', () => {
    const cookieStage = parseFtwFile(fixture('942100.yaml'), '942100.yaml')[4];
    expect(cookieStage?.input.headers?.['Content-Length']).toBe('0');
  });

  it('keeps a raw encoded request', () => {
    const [, raw] = parseFtwFile(fixture('913100.yaml'), '913100.yaml');
    expect(raw?.input.encoded_request).toMatch(/^R0VU/);
    expect(raw?.input.uri).toBeUndefined();
  });

  it('yields nothing for an empty placeholder file', () => {
    expect(parseFtwFile(fixture('920539.yaml'), '920539.yaml')).toEqual([]);
  });

  it('names the file when the structure is not go-ftw', () => {
    expect(() => parseFtwFile('rule_id: 1\ntests:\n  - desc: no id or stages\n', 'bad.yaml')).toThrow(/bad\.yaml: not a go-ftw test file/);
  });
});
