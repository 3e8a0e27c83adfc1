/**
 * SQL injection payloads from sqlmap's test definitions (`data/xml/payloads/*.xml` and `boundaries.xml` of
 * the PyPI package): each test's `<payload>`, wrapped in some of the boundaries' prefix and suffix, with
 * sqlmap's placeholders ([RANDNUM], [INFERENCE], [SLEEPTIME]…) filled as sqlmap would fill them when it
 * sends the request. The files are flat and machine-written (one tag a line, entities escaped), so tags are
 * read with a regex rather than an XML parser.
 */
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

const ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&amp;': '&', '&quot;': '"', '&apos;': "'" };
const unescape = (text: string): string => text.replace(/&(?:lt|gt|amp|quot|apos);/g, (e) => ENTITIES[e] as string);

/** The text of every `<tag>…</tag>` in `xml` outside comments, unescaped, in order (empty ones included). */
export function tagTexts(xml: string, tag: string): string[] {
  const body = xml.replace(/<!--[\s\S]*?-->/g, '');
  return [...body.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => unescape(m[1] as string));
}

export interface Boundary {
  readonly prefix: string;
  readonly suffix: string;
}

/** The boundaries of boundaries.xml, each `<boundary>` block's prefix and suffix. */
export function parseBoundaries(xml: string): Boundary[] {
  return tagTexts(xml, 'boundary').map((block) => ({ prefix: tagTexts(block, 'prefix')[0] ?? '', suffix: tagTexts(block, 'suffix')[0] ?? '' }));
}

/** Each test's payloads with its comment (sqlmap appends the comment, e.g. `-- -`, to the payload). */
export function parseTests(xml: string): Array<{ payload: string; comment: string }> {
  return tagTexts(xml, 'test').flatMap((block) => {
    const comment = tagTexts(block, 'comment')[0] ?? '';
    return tagTexts(block, 'payload')
      .filter((p) => p.trim() !== '')
      .map((payload) => ({ payload, comment }));
  });
}

const QUERIES = ['SELECT USER()', 'SELECT @@version', "SELECT table_name FROM information_schema.tables WHERE table_schema='shop'", 'SELECT password FROM users LIMIT 1', 'SELECT banner FROM v$version WHERE ROWNUM=1', 'SELECT name FROM sqlite_master'];

/** Fills sqlmap's placeholders with values drawn from `next` (a uniform integer in [0, n)). */
export function fillPlaceholders(template: string, next: (n: number) => number): string {
  const randnum = () => String(1000 + next(9000));
  const randstr = () => Array.from({ length: 4 }, () => String.fromCharCode(97 + next(26))).join('');
  const delimiter = () => `0x71${randstr().split('').map((c) => c.charCodeAt(0).toString(16)).join('')}`;
  return template
    .replace(/\[RANDNUM\d?\]/g, randnum)
    .replace(/\[RANDSTR\d?\]/g, randstr)
    .replace(/\[INFERENCE\]/g, () => `${randnum()}=${randnum()}`)
    .replace(/\[SLEEPTIME\]/g, () => String(1 + next(9)))
    .replace(/\[DELAYED\]/g, '5')
    .replace(/\[ORIGVALUE\]|\[ORIGINAL\]/g, () => String(1 + next(99)))
    .replace(/\[GENERIC_SQL_COMMENT\]/g, '-- -')
    .replace(/\[DELIMITER_START\]|\[DELIMITER_STOP\]/g, delimiter)
    .replace(/\[QUERY\]/g, () => QUERIES[next(QUERIES.length)] as string)
    .replace(/\[CHAR\]/g, 'NULL')
    .replace(/\[COLSTART\]/g, '1')
    .replace(/\[COLSTOP\]/g, '5')
    .replace(/\[UNION\]/g, 'UNION ALL SELECT NULL')
    .replace(/\[SPACE_REPLACE\]|\[DOLLAR_REPLACE\]|\[HASH_REPLACE\]|\[AT_REPLACE\]/g, '')
    .replace(/\[[A-Z_]+\d?\]/g, randnum);
}

/**
 * Payloads as sqlmap sends them: for every test, `perTest` boundaries drawn at random (seeded), the
 * boundary's prefix, a space, the payload, its comment, the suffix; plus UNION queries of 1 to 10 columns.
 */
export function sqlmapPayloads(testFiles: readonly string[], boundariesXml: string, { perTest = 3, seed = 5 } = {}): string[] {
  const rng = xoroshiro128plus(seed);
  const next = (n: number) => uniformInt(rng, 0, n - 1);
  const boundaries = parseBoundaries(boundariesXml);
  const out: string[] = [];
  for (const xml of testFiles) {
    for (const { payload, comment } of parseTests(xml)) {
      for (let k = 0; k < perTest; k++) {
        const b = boundaries[next(boundaries.length)] ?? { prefix: '', suffix: '' };
        // A comment ends the query, so sqlmap leaves the suffix off after one.
        out.push(fillPlaceholders(`${b.prefix} ${payload}${comment}${comment === '' ? b.suffix : ''}`, next));
      }
    }
  }
  for (let columns = 1; columns <= 10; columns++) {
    for (const prefix of ["'", '', ')', "')"]) {
      const nulls = Array.from({ length: columns }, (_, i) => (i === columns - 1 ? `CONCAT(0x71,IFNULL(CAST(${['user()', 'database()', 'version()'][columns % 3]} AS CHAR),0x20),0x71)` : 'NULL'));
      out.push(`${prefix} UNION ALL SELECT ${nulls.join(',')}-- -`);
    }
  }
  return out;
}
