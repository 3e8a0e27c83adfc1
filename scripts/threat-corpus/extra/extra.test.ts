/**
 * The registry-derived training examples: sqlmap's XML read into payloads with its placeholders filled,
 * brs-kb's dump parsed, file paths put behind traversal forms, and payloads placed in requests.
 */
import { describe, expect, it } from 'vitest';
import { parsePayloadDump } from './brs.js';
import { benignRows, spread } from './build.js';
import { traversalPayloads } from './lfi.js';
import { encodeValue, placer } from './placement.js';
import { fillPlaceholders, parseBoundaries, parseTests, sqlmapPayloads, tagTexts } from './sqlmap.js';

const TESTS = `<?xml version="1.0" encoding="UTF-8"?>
<root>
    <!-- <test><payload>in a comment</payload></test> -->
    <test>
        <title>AND boolean-based blind</title>
        <request>
            <payload>AND [RANDNUM]=[RANDNUM]</payload>
        </request>
    </test>
    <test>
        <title>Generic inline</title>
        <request>
            <payload>AND 1=(SELECT [RANDNUM] FROM DUAL WHERE [INFERENCE])</payload>
            <comment>[GENERIC_SQL_COMMENT]</comment>
        </request>
    </test>
    <test>
        <title>Entities</title>
        <request>
            <payload>OR SLEEP([SLEEPTIME]) &lt; 1 AND &apos;[RANDSTR]&apos;=&apos;[RANDSTR]&apos;</payload>
        </request>
    </test>
</root>`;
const BOUNDARIES = `<root>
    <boundary><level>1</level><prefix>'</prefix><suffix> AND '[RANDSTR]'='[RANDSTR]</suffix></boundary>
    <boundary><level>1</level><prefix>)</prefix><suffix></suffix></boundary>
</root>`;

describe('sqlmap payloads', () => {
  it('reads the tags outside comments, with entities unescaped', () => {
    expect(tagTexts(TESTS, 'payload')).toEqual(['AND [RANDNUM]=[RANDNUM]', 'AND 1=(SELECT [RANDNUM] FROM DUAL WHERE [INFERENCE])', "OR SLEEP([SLEEPTIME]) < 1 AND '[RANDSTR]'='[RANDSTR]'"]);
    expect(parseTests(TESTS).map((t) => t.comment)).toEqual(['', '[GENERIC_SQL_COMMENT]', '']);
    expect(parseBoundaries(BOUNDARIES)).toEqual([
      { prefix: "'", suffix: " AND '[RANDSTR]'='[RANDSTR]" },
      { prefix: ')', suffix: '' },
    ]);
  });

  it('fills every placeholder', () => {
    let n = 0;
    const filled = fillPlaceholders("[ORIGVALUE] AND [RANDNUM]=[RANDNUM1] AND [INFERENCE] AND SLEEP([SLEEPTIME])[GENERIC_SQL_COMMENT] '[RANDSTR]' [DELIMITER_START]", () => n++ % 7);
    expect(filled).not.toMatch(/\[[A-Z_]+\d?\]/);
    expect(filled).toMatch(/^\d+ AND \d{4}=\d{4} AND \d{4}=\d{4} AND SLEEP\(\d\)-- - '[a-z]{4}' 0x71[0-9a-f]{8}$/);
  });

  it('wraps each payload in boundaries, leaves the suffix off after a comment, and adds UNION queries; the same every time', () => {
    const payloads = sqlmapPayloads([TESTS], BOUNDARIES, { perTest: 2 });
    expect(payloads).toEqual(sqlmapPayloads([TESTS], BOUNDARIES, { perTest: 2 }));
    expect(payloads.slice(0, 6)).toHaveLength(6);
    expect(payloads.slice(0, 6).every((p) => p.startsWith("' ") || p.startsWith(') '))).toBe(true);
    expect(payloads[2]).toMatch(/-- -$/);
    expect(payloads.filter((p) => /UNION ALL SELECT/.test(p))).toHaveLength(40);
    expect(payloads.join('\n')).not.toMatch(/\[[A-Z_]+\d?\]/);
  });
});

describe('other payload lists', () => {
  it("keeps brs-kb's one-line payloads of a sensible length", () => {
    expect(parsePayloadDump(JSON.stringify(['<svg onload=alert(1)>', '', 'a\nb', 'x'.repeat(500)]))).toEqual(['<svg onload=alert(1)>']);
    expect(() => parsePayloadDump('{"a":1}')).toThrow();
  });

  it('puts file paths behind traversal forms, skipping comments and blank lines', () => {
    const payloads = traversalPayloads('# files\n\n/etc/passwd\n/etc/shadow\nC:\\boot.ini\n');
    expect(payloads).toEqual(['../../../../etc/passwd', '../../../../../../etc/shadow']);
  });

  it('samples evenly', () => {
    expect(spread([1, 2, 3, 4, 5, 6], 3)).toEqual([1, 3, 5]);
    expect(spread([1, 2], 3)).toEqual([1, 2]);
  });
});

describe('requests', () => {
  it('encodes a value as a browser or a library would', () => {
    expect(encodeValue("1' or 1=1", true)).toBe('1%27+or+1%3D1');
    expect(encodeValue("1' or 1=1", false)).toBe('1%27%20or%201%3D1');
    expect(encodeValue('a/b,c:d', false)).toBe('a/b,c:d');
  });

  it('places payloads in a parameter, a path segment or the User-Agent, the same way for the same seed', () => {
    const place = placer(3);
    const rows = Array.from({ length: 200 }, () => place("' or 1=1--", 'sqli', 'test'));
    expect(rows).toEqual(Array.from({ length: 200 }, ((p) => () => p("' or 1=1--", 'sqli', 'test'))(placer(3))));
    expect(rows.every((r) => r.label === 'attack' && r.class === 'sqli')).toBe(true);
    const where = rows.map((r) => (r.user_agent === "' or 1=1--" ? 'ua' : r.uri.includes('?') && r.uri.includes('%27') ? 'param' : 'path'));
    expect(new Set(where)).toEqual(new Set(['ua', 'param', 'path']));
    expect(where.filter((w) => w === 'param').length).toBeGreaterThan(120);
    expect(placer(3)('x', 'lfi', 't', { userAgent: 0 }).user_agent).not.toBe('x');
  });

  it('builds benign rows from User-Agents, shop traffic and column names used as sort keys', () => {
    const rows = benignRows(['UA one', 'UA two'], ['password', 'user_id']);
    expect(rows.every((r) => r.label === 'benign' && r.class === null)).toBe(true);
    expect(rows.filter((r) => r.source === 'sqlmap user-agents').map((r) => r.user_agent)).toEqual(['UA one', 'UA two']);
    expect(rows.filter((r) => r.source === 'sqlmap common-columns').map((r) => r.uri)).toEqual([expect.stringMatching(/password/), expect.stringMatching(/user_id/)]);
    expect(rows.filter((r) => r.source === 'shop')).toHaveLength(3000);
  });
});
