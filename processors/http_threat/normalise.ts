/**
 * The transformations a WAF applies before matching (CRS: urlDecodeUni, htmlEntityDecode, lowercase,
 * replaceComments, compressWhitespace, removeNulls, cmdLine), done with precompiled regular expressions and a
 * fast path that returns the input when there is nothing to undo, so plain traffic costs a few index scans.
 */

// A numeric reference may have any number of leading zeros, as browsers read it (`&#0000000000106;` is `j`).
const ENTITY = /&(?:#[xX]0*([0-9a-fA-F]{1,6});?|#0*(\d{1,7});?|([a-zA-Z]{2,8});)/g;
const NAMED: Readonly<Record<string, string>> = {
  lt: '<', gt: '>', quot: '"', apos: "'", amp: '&', nbsp: ' ', colon: ':', lpar: '(', rpar: ')', sol: '/', bsol: '\\',
  semi: ';', equals: '=', tab: '\t', newline: '\n', grave: '`', lsqb: '[', rsqb: ']', lcub: '{', rcub: '}', period: '.', comma: ',', excl: '!', num: '#', dollar: '$', percnt: '%', plus: '+', quest: '?',
};
/** MySQL `/*!50000 … *\/` keeps its content (the server runs it); any other comment goes, unclosed ones too. */
const COMMENT = /\/\*!\d*|\/\*[\s\S]*?(?:\*\/|$)|\*\//g;
// eslint-disable-next-line no-control-regex -- the vertical tab is whitespace a WAF compresses too
const WHITESPACE = /[\s\u000b\u00a0]+/g;
// eslint-disable-next-line no-control-regex -- null bytes are what this removes
const NULLS = /\u0000/g;
const SHELL_QUOTES = /[\\'"^]/g;

const LINE_BREAK = /[\r\n]/;
const keepLineBreak = (run: string): string => (LINE_BREAK.test(run) ? '\n' : ' ');

function fromCodePoint(code: number): string {
  return code > 0x10ffff ? '' : String.fromCodePoint(code);
}

/** The value of a hex digit's char code, -1 for any other character. */
const HEX = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) {
  HEX[i.toString(16).charCodeAt(0)] = i;
  HEX[i.toString(16).toUpperCase().charCodeAt(0)] = i;
}
const hexAt = (text: string, i: number): number => {
  const code = text.charCodeAt(i);
  return code < 128 ? (HEX[code] as number) : -1;
};
const U = 'u'.charCodeAt(0);

/**
 * One round of %XX / %uXXXX decoding, left to right as `/%(?:u([0-9a-fA-F]{4})|([0-9a-fA-F]{2}))/g` would
 * replace: a scan without a callback per escape, copying the runs between escapes as slices.
 */
function decodePercentOnce(text: string): string {
  let at = text.indexOf('%');
  if (at < 0) return text;
  let out = '';
  let copied = 0;
  for (; at >= 0; at = text.indexOf('%', at)) {
    let code = -1;
    let length = 0;
    if (text.charCodeAt(at + 1) === U) {
      const a = hexAt(text, at + 2);
      const b = hexAt(text, at + 3);
      const c = hexAt(text, at + 4);
      const d = hexAt(text, at + 5);
      if ((a | b | c | d) >= 0) [code, length] = [(a << 12) | (b << 8) | (c << 4) | d, 6];
    }
    if (code < 0) {
      const hi = hexAt(text, at + 1);
      const lo = hexAt(text, at + 2);
      if ((hi | lo) >= 0) [code, length] = [(hi << 4) | lo, 3];
    }
    if (code < 0) {
      at++;
      continue;
    }
    out += text.slice(copied, at) + String.fromCharCode(code);
    at += length;
    copied = at;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/**
 * %XX decoded byte by byte to the code point of the same value (latin-1), %uXXXX to its code point: lenient
 * like a WAF, never throwing on broken UTF-8; multi-byte characters come out as several characters (bytes
 * 0x80 and up), which a detector must not take for anything but text (see xss-ascii-malformed). `+` is a
 * space in a query string.
 */
export function urlDecode(value: string, rounds: number): string {
  let out = value.indexOf('+') < 0 ? value : value.replaceAll('+', ' ');
  for (let i = 0; i < rounds && out.indexOf('%') >= 0; i++) {
    const next = decodePercentOnce(out);
    if (next === out) break;
    out = next;
  }
  return out;
}

/** HTML character references: numeric ones with or without `;` (browsers accept both), named ones with it. */
export function decodeEntities(value: string): string {
  if (value.indexOf('&') < 0) return value;
  return value.replace(ENTITY, (whole, hex: string | undefined, dec: string | undefined, name: string | undefined) => {
    if (hex !== undefined) return fromCodePoint(parseInt(hex, 16));
    if (dec !== undefined) return fromCodePoint(Number(dec));
    return NAMED[(name as string).toLowerCase()] ?? whole;
  });
}

const LOOKUP_CASE = /\$\{(?:lower|upper)\s*:([^{}]*)\}/g;
const LOOKUP_DEFAULT = /\$\{[^{}]*?:-([^{}]*)\}/g;

/**
 * Resolves the log4j lookups that only hide text, innermost first: `${lower:J}` is `j`, `${env:X:-j}` and
 * `${::-j}` are `j`, so `${${lower:j}${::-n}di:` becomes `${jndi:`. Bounded, like the URL decoding.
 */
export function resolveLookups(text: string): string {
  let out = text;
  for (let i = 0; i < 8 && out.indexOf('${') >= 0; i++) {
    const next = out.replace(LOOKUP_CASE, '$1').replace(LOOKUP_DEFAULT, '$1');
    if (next === out) break;
    out = next;
  }
  return out;
}

/** The views a value is matched in: the normalised text, and the same with shell quoting removed. */
export interface Views {
  /** URL- and entity-decoded, nulls removed, lower case, whitespace compressed; SQL/C comments removed. */
  text: string;
  /** `text` with comments as a space instead (`select/**\/1` stays two words); equals text when it had none. */
  spaced: string;
  /** `text` with its comments kept, for the detectors of the comments themselves; equals text when it had none. */
  commented: string;
  /** `text` without the characters a shell drops (`\ ' " ^`), as CRS cmdLine does: `c\a't` is `cat`. */
  shell: string;
  /** `text` with log4j lookups resolved (see resolveLookups); equals text when it has none. */
  lookups: string;
  /** The value as logged, undecoded and in its own case: for the encoding itself (`%00`, `%u`, a raw `#`). */
  raw: string;
}

const LOG_ESCAPE = /\\x([0-9a-fA-F]{2})|\\(")/g;

/**
 * Undoes the escaping of an access log, once: nginx writes a `"`, a backslash and any byte outside printable
 * ASCII of the request as `\xHH`, Apache a quote as `\"`. Without it a quote sent raw (`curl 'http://…?q=a"
 * or "1"="1'`) reaches the rules as `\x22` and fires nothing. A request read from a proxy check holds no
 * such escapes; there a literal `\x3c` is decoded too, as JavaScript would.
 */
export function unescapeLog(value: string): string {
  if (value.indexOf('\\') < 0) return value;
  return value.replace(LOG_ESCAPE, (_whole, hex: string | undefined) => (hex === undefined ? '"' : String.fromCharCode(parseInt(hex, 16))));
}

/** Fullwidth `"`, `'`, `.`, `/`, `<`, `>` and `\`, as UTF-8 bytes decoded one by one (EF BC xx) or as characters. */
const FULLWIDTH = /\u00ef\u00bc([\u0082\u0087\u008e\u008f\u009c\u009e\u00bc])|([\uff02\uff07\uff0e\uff0f\uff1c\uff1e\uff3c])/g;
const FULLWIDTH_HINT = /[\u00ef\uff02\uff07\uff0e\uff0f\uff1c\uff1e\uff3c]/;

/**
 * Folds the fullwidth forms of the characters that open markup and strings and that make paths to ASCII:
 * servers that map Unicode to their code page by "best fit" (IIS, ASP.NET) turn `＜script＞` into `<script>`
 * and `．．／` into `../`, and CRS decodes them too. Text in Chinese or Japanese uses them as punctuation,
 * where no rule reads a tag, a quote-operator-quote or a traversal in what follows.
 */
export function foldFullwidth(text: string): string {
  if (!FULLWIDTH_HINT.test(text)) return text;
  return text.replace(FULLWIDTH, (_whole, byte: string | undefined, char: string | undefined) =>
    String.fromCharCode((byte === undefined ? (char as string).charCodeAt(0) - 0xfee0 : byte.charCodeAt(0) - 0x60)),
  );
}

const JS_ESCAPE = /\\(?:u(?:([0-9a-fA-F]{4})|\{([0-9a-fA-F]{1,6})\})|([0-3][0-7]{2}))/g;
/** ASCII letters, digits, `_` and `$`: what the names a payload needs are made of. */
const IDENTIFIER_CHAR = /^[\w$]$/;

/**
 * Decodes JavaScript's `\uHHHH` and `\u{H…}` escapes, and the octal `\ooo` of its strings, of the characters
 * identifiers are made of: in JavaScript `\u0070rocess.env` is `process.env`, `\u0065val(…)` is `eval(…)` and
 * `global['\160rocess']` is `global['process']`, as CRS's jsDecode reads them. Escapes of punctuation
 * (`\u003cscript`) stay as written, for the detectors of escaped markup.
 */
export function decodeIdentifierEscapes(text: string): string {
  if (text.indexOf('\\') < 0) return text;
  return text.replace(JS_ESCAPE, (whole, four: string | undefined, braced: string | undefined, octal: string | undefined) => {
    const code = octal === undefined ? parseInt(four ?? (braced as string), 16) : parseInt(octal, 8);
    if (code > 0x7f) return whole;
    const char = String.fromCharCode(code);
    return IDENTIFIER_CHAR.test(char) ? char : whole;
  });
}

export function normalise(value: string, rounds: number): Views {
  let text = decodeEntities(urlDecode(unescapeLog(value), rounds));
  // A second pass catches an entity that was URL-encoded (%26lt%3b) or a percent sign that was an entity.
  if (text.indexOf('%') >= 0 || text.indexOf('&') >= 0) text = decodeEntities(urlDecode(text, 1));
  text = decodeIdentifierEscapes(foldFullwidth(text));
  if (text.indexOf('\u0000') >= 0) text = text.replace(NULLS, '');
  // A line break stays one (mail and shell commands start after it); other runs of whitespace become a space.
  text = text.toLowerCase();
  text = text.indexOf('\n') < 0 && text.indexOf('\r') < 0 ? text.replace(WHITESPACE, ' ') : text.replace(WHITESPACE, keepLineBreak);
  let spaced = text;
  const commented = text;
  if (text.indexOf('/*') >= 0 || text.indexOf('*/') >= 0) {
    spaced = text.replace(COMMENT, ' ').replace(WHITESPACE, keepLineBreak);
    text = text.replace(COMMENT, '');
  }
  const shell = text.replace(SHELL_QUOTES, '');
  return { text, spaced, commented, shell, lookups: text.indexOf('${') < 0 ? text : resolveLookups(text), raw: value };
}
