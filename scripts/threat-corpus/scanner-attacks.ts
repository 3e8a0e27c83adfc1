/**
 * Attacks that neither CRS nor http_threat was written for: the requests the web scanner wapiti (the PyPI
 * package wapiti3) sends against a site's GET parameters and headers. Its payload files (`data/attacks/*.ini`)
 * are read from the wheel; the payloads its modules build in code (CRLF, SSRF, Log4Shell, Shellshock,
 * Spring4Shell) are written here as its 3.2.3 sources build them. Placeholders are filled as wapiti fills them
 * with its defaults (`[TIME]` 6 s, its own external endpoint). Each request is split into a half by a hash of
 * its URI and User-Agent, like the text sets: detectors may be fixed against the dev half only.
 */
import { z } from 'zod';

import { encodeValue } from './extra/placement.js';
import { BROWSERS, SHOP_HOST } from './shop-traffic.js';
import { dumpFromWheel } from './pypi-wheel.js';
import { halfOf, type TextSearch } from './text-searches.js';

export const WAPITI_VERSION = '3.2.3';

/** A scanner request as the bench's scorers take it, with its half, the wapiti module that sent it and its class. */
export interface ScannerAttack extends Omit<TextSearch, 'text'> {
  readonly class: string;
  readonly module: string;
}

/** The payload files' payloads as wapiti's ini reader sees them (python's configparser), dumped by python3. */
const PayloadFiles = z.object({
  exec: z.array(z.string()),
  file: z.array(z.string()),
  timesql: z.array(z.string()),
  ldap: z.array(z.string()),
  xxe: z.array(z.string()),
  xss: z.array(z.object({ payload: z.string(), close_tag: z.boolean(), requirements: z.string() })),
});
export type PayloadFiles = z.infer<typeof PayloadFiles>;

const DUMP = `
import configparser, json, sys, zipfile
wheel = zipfile.ZipFile(sys.argv[1])
def ini(name):
    c = configparser.ConfigParser(interpolation=None)
    c.read_string(wheel.read('wapitiCore/data/attacks/' + name).decode('utf-8'))
    return c
def payloads(name):
    c = ini(name)
    return [c[s]['payload'] for s in c.sections() if c[s]['payload'].lower() not in ('none', 'null')]
out = {m: payloads(f) for m, f in [('exec', 'execPayloads.ini'), ('file', 'fileHandlingPayloads.ini'), ('timesql', 'blindSQLPayloads.ini'), ('ldap', 'ldap.ini'), ('xxe', 'xxePayloads.ini')]}
x = ini('xssPayloads.ini')
out['xss'] = [{'payload': x[s]['payload'], 'close_tag': x.getboolean(s, 'close_tag', fallback=True), 'requirements': x[s].get('requirements', 'None')} for s in x.sections() if x[s]['payload'].lower() not in ('none', 'null')]
print(json.dumps(out))
`;

const EXTERNAL_ENDPOINT = 'http://wapiti3.ovh/';
const DNS_ENDPOINT = 'dns.wapiti3.ovh';
/** Stands for the random ids wapiti puts in its payloads (a session id, a UUID, an XSS taint). */
const SESSION_ID = '4f1c9a2e';
const UUID = '6f9619ff-8b86-d011-b42d-00c04fc964ff';
const XSS_TAINT = 'wq4k8zt3';
const SHELLSHOCK = `() { :;}; echo; echo; echo -e '${[...'9f3b7c1e5a2d4f6b8c0e1a3b5d7f9e2c'].map((c) => `\\x${c.charCodeAt(0).toString(16)}`).join('')}';`;

/** Pages the scanner found on the shop, each with the parameter it mutates and that parameter's value. */
export const TARGETS = [
  { path: '/search', param: 'q', value: 'running shoes' },
  { path: '/product.php', param: 'id', value: '42' },
  { path: '/download', param: 'file', value: 'docs/manual.pdf' },
  { path: '/news/view', param: 'article', value: '17' },
  { path: '/catalog/list.aspx', param: 'cat', value: 'garden' },
] as const;
type Target = (typeof TARGETS)[number];

/** wapiti's replace_tags, then the placeholders its modules fill from the mutated request and their options. */
export function fillTags(payload: string, target: Target): string {
  const value = target.value;
  const fileName = target.path.slice(target.path.lastIndexOf('/') + 1);
  return payload
    .trim()
    .replaceAll('[TAB]', '\t')
    .replaceAll('[LF]', '\n')
    .replaceAll('[FF]', '\f')
    .replaceAll('[NULL]', '\0')
    .replaceAll('[TIME]', '6')
    .replaceAll('[EXTERNAL_ENDPOINT]', EXTERNAL_ENDPOINT)
    .replaceAll('[PROTO_ENDPOINT]', EXTERNAL_ENDPOINT.replace(/^https?:\/\//, ''))
    .replaceAll('[SESSION_ID]', SESSION_ID)
    .replaceAll('[PATH_ID]', '1')
    .replaceAll('[PARAM_AS_HEX]', Buffer.from(target.param).toString('hex'))
    .replaceAll('[FILE_NAME]', fileName)
    .replaceAll('[EXTVALUE]', value.slice(value.lastIndexOf('.') + 1))
    .replaceAll('[DIRVALUE]', value.includes('/') ? value.slice(0, value.lastIndexOf('/')) : value)
    .replaceAll('[VALUE]', value);
}

/**
 * An XSS payload as wapiti's generator sends it into the two commonest places a value is echoed: page text
 * (payloads that close their tag) or a double-quoted attribute (those that keep it open, after `y"` and the
 * attributes the payload requires).
 */
export function xssPayload(entry: PayloadFiles['xss'][number]): string {
  const code = entry.payload.replaceAll('__XSS__', XSS_TAINT);
  if (entry.close_tag) return code;
  const required = entry.requirements.toLowerCase() === 'none' ? [] : entry.requirements.split(',').filter((r) => !r.includes('!'));
  const prefix = required.map((r) => (r.includes('=') ? `[ATTR_SEP]${r.replace('=', '=[VALUE_SEP]')}` : `[ATTR_SEP]${r}=[VALUE_SEP]z`)).join('');
  return `y${prefix}${code}`.replaceAll('[ATTR_SEP]', '"').replaceAll('[VALUE_SEP]', '"');
}

/** A payload of letters and digits only (wapiti's LDAP probe `nosuchvalue`, the bare command `id`) carries nothing to detect. */
const carriesSyntax = (payload: string): boolean => /[^A-Za-z0-9]/.test(payload);

/** The class each wapiti module attacks with, in the corpus's names. */
const MODULE_CLASS: Record<string, string> = { exec: 'rce', file: 'lfi', timesql: 'sqli', ldap: 'protocol', xxe: 'xxe', xss: 'xss' };

export function scannerAttacks(files: PayloadFiles): ScannerAttack[] {
  const requests = new Map<string, ScannerAttack>();
  const add = (module: string, attackClass: string, uri: string, userAgent: string) => {
    const key = `${uri}\n${userAgent}`;
    if (requests.has(key)) return;
    const i = requests.size;
    requests.set(key, { id: `wapiti-${i}`, method: 'GET', uri, user_agent: userAgent, host: SHOP_HOST, half: halfOf(key), class: attackClass, module });
  };
  const browser = (i: number) => BROWSERS[i % BROWSERS.length] as string;
  const inValue = (target: Target, payload: string) => `${target.path}?${target.param}=${encodeValue(payload, false)}`;
  for (const [t, target] of TARGETS.entries()) {
    for (const module of ['exec', 'file', 'timesql', 'ldap', 'xxe'] as const) {
      for (const raw of files[module]) {
        const payload = fillTags(raw, target);
        if (!carriesSyntax(payload)) continue;
        // A file payload that points at the scanner's own server is remote file inclusion.
        add(module, module === 'file' && raw.includes('[EXTERNAL_ENDPOINT]') ? 'rfi' : (MODULE_CLASS[module] as string), inValue(target, payload), browser(t));
      }
    }
    for (const entry of files.xss) add('xss', 'xss', inValue(target, fillTags(xssPayload(entry), target)), browser(t));
    const plain = `${target.path}?${target.param}=${encodeValue(target.value, false)}`;
    add('crlf', 'protocol', inValue(target, `http://www.google.fr\r\nwapiti: ${WAPITI_VERSION} version`), browser(t));
    add('ssrf', 'generic', inValue(target, `${EXTERNAL_ENDPOINT}ssrf/${SESSION_ID}/1/${Buffer.from(target.param).toString('hex')}/`), browser(t));
    add('shellshock', 'rce', plain, SHELLSHOCK);
    const jndi = `\${jndi:dns://${DNS_ENDPOINT}/${UUID}.l}`;
    add('log4shell', 'java', plain, jndi);
    add('log4shell', 'java', `${target.path}?${target.param}=${jndi.replaceAll('{', '%7B').replaceAll('}', '%7D')}`, browser(t));
    add('log4shell', 'java', `${target.path}/${jndi.replace('//', '$%7B::-/%7D/').replaceAll('{', '%7B').replaceAll('}', '%7D')}/`, browser(t));
    add('spring4shell', 'java', `${plain}&class.module.classLoader[${UUID}]=${UUID}`, browser(t));
  }
  return [...requests.values()];
}

/** Fetches the wapiti3 wheel from PyPI once and builds its requests, cached as JSON beside it. */
export async function ensureScannerAttacks(log: (line: string) => void): Promise<ScannerAttack[]> {
  const files = await dumpFromWheel({ name: 'wapiti3', version: WAPITI_VERSION, script: DUMP, cache: `wapiti3-${WAPITI_VERSION}-payloads.json` }, log);
  return scannerAttacks(PayloadFiles.parse(files));
}
