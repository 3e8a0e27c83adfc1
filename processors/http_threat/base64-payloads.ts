/**
 * Payloads sent base64-encoded. node-serialize's exploit (`_$$ND_FUNC$$_function(){…}`), a script in a
 * `data:…;base64,` URI, a reverse shell handed to `base64 -d | sh` and PHP or Java objects travel that way, and
 * CRS decodes base64 before its Node.js rules. The detectors of code (DECODED_DETECTORS) read what such a run
 * decodes to; those of a URL's structure or of prose do not, since tokens, JWTs and encoded return addresses
 * hold URLs, JSON and names.
 */

/**
 * A run of base64 (standard or URL-safe) long enough to hold a payload: 16 characters, 12 bytes (fewer hold none
 * worth a detector; `while(true){}` is 13). Runs are found by a loop over the characters: /[A-Za-z0-9+/_-]{16,}/g
 * tried 16 characters from every position of the value and cost about three times as much on shop URLs.
 */
const MIN_RUN = 16;
/** `+` and `/` percent-encoded, as encodeURIComponent leaves a base64 value in a query. */
const ENCODED_SIGN = /%2[BbFf]/g;
/** At most this many runs of one value are decoded: a value of thousands of runs costs no more than a few. */
const MAX_RUNS = 8;
/** The characters of a run whose first bytes are looked at before it is decoded. */
const PREFIX_CHARS = 12;

/** Each character's six bits, -1 for others; both alphabets, as Node.js's decoder takes them. */
const SEXTETS = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++) SEXTETS['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.charCodeAt(i)] = i;
SEXTETS['-'.charCodeAt(0)] = 62;
SEXTETS['_'.charCodeAt(0)] = 63;
/** Of each base64 character: 1 an upper-case letter, 2 a lower-case one, 4 any other; 0 for the rest. */
const KIND = new Uint8Array(128);
for (let code = 0; code < 128; code++) if ((SEXTETS[code] as number) >= 0) KIND[code] = code >= 65 && code <= 90 ? 1 : code >= 97 && code <= 122 ? 2 : 4;

/**
 * The detectors that read decoded runs: code that runs something when a server or a browser executes it, and a
 * JSON Web Token's header, which is base64url by design (`"alg":"none"`). Not
 * template syntax (`{{order.id}}`) or an event handler (`<div onclick=…>`): base64 also carries templates and
 * HTML snippets that sites pass on as content.
 */
export const DECODED_DETECTORS: ReadonlySet<string> = new Set([
  'generic-node-injection',
  'generic-node-serialized',
  'generic-node-call',
  'generic-node-dos',
  'generic-node-dos-allocation',
  'generic-js-busy-wait',
  'generic-prototype-pollution',
  'generic-perl-ruby',
  'generic-ruby',
  'generic-perl',
  'php-open-tag',
  'php-function-call',
  'php-serialized',
  'php-superglobal',
  'java-jndi-lookup',
  'java-class-abuse',
  'xss-script-tag',
  'rce-shell-path',
  'rce-shellshock',
  'generic-jwt-forgery',
]);

function unpercent(code: string): string {
  return code === '%2F' || code === '%2f' ? '/' : '+';
}

function isTextByte(b: number): boolean {
  return (b >= 0x20 && b <= 0x7e) || b === 0x09 || b === 0x0a || b === 0x0d;
}

/**
 * Whether the PREFIX_CHARS characters of a run at `from` decode to text, read without decoding the run: ids,
 * signatures and random tokens, most runs of a URL, fail here, at the cost of a few table lookups.
 */
function startsAsText(text: string, from: number): boolean {
  for (let i = from; i < from + PREFIX_CHARS; i += 4) {
    const a = SEXTETS[text.charCodeAt(i)] as number;
    const b = SEXTETS[text.charCodeAt(i + 1)] as number;
    const c = SEXTETS[text.charCodeAt(i + 2)] as number;
    const d = SEXTETS[text.charCodeAt(i + 3)] as number;
    if (!isTextByte((a << 2) | (b >> 4)) || !isTextByte(((b & 15) << 4) | (c >> 2)) || !isTextByte(((c & 3) << 6) | d)) return false;
  }
  return true;
}

/** How many bytes are not text: printable ASCII, tabs and line breaks. */
function nonText(bytes: Buffer): number {
  let other = 0;
  for (let i = 0; i < bytes.length; i++) if (!isTextByte(bytes[i] as number)) other++;
  return other;
}

/**
 * What the base64 runs of a value (as logged, in its own case) decode to, where that is text; undefined when
 * none does. A run of one case only (hex digests, lower-case slugs and ids) is skipped: base64 of text mixes them.
 */
export function base64Payloads(value: string): string[] | undefined {
  const text = value.indexOf('%2') < 0 ? value : value.replace(ENCODED_SIGN, unpercent);
  let found: string[] | undefined;
  let runs = 0;
  let start = 0;
  let kinds = 0;
  const length = text.length;
  for (let i = 0; i <= length; i++) {
    const code = i < length ? text.charCodeAt(i) : 0;
    const kind = code < 128 ? (KIND[code] as number) : 0;
    if (kind !== 0) {
      kinds |= kind;
      continue;
    }
    if (i - start >= MIN_RUN && (kinds & 3) === 3) {
      const decoded = decodeRun(text, start, i);
      if (decoded !== undefined) (found ??= []).push(decoded);
      if (++runs === MAX_RUNS) break;
    }
    start = i + 1;
    kinds = 0;
  }
  return found;
}

/**
 * The run decoded, where it is text (at least 90 % of its bytes). `/` is both a base64 character and a path's
 * separator, so a run may start with path segments (`/api/v1/eyJyY2Ui…`) that shift the decoding or add bytes
 * that are no text: unless the whole run decodes to text alone, the parts after each of its first three
 * slashes are tried too, and the first that decodes to text alone wins.
 */
function decodeRun(text: string, start: number, end: number): string | undefined {
  let mostlyText: string | undefined;
  let from = start;
  for (let tries = 0; tries < 4 && end - from >= MIN_RUN; tries++) {
    if (startsAsText(text, from)) {
      const bytes = Buffer.from(text.slice(from, end), 'base64');
      const other = nonText(bytes);
      if (other === 0) return bytes.toString('latin1');
      if (mostlyText === undefined && other * 10 <= bytes.length) mostlyText = bytes.toString('latin1');
    }
    const slash = text.indexOf('/', from);
    if (slash < 0 || slash >= end) break;
    from = slash + 1;
  }
  return mostlyText;
}
