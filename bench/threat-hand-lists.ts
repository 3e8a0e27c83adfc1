/**
 * Lists of requests written by hand for the http_threat benches (bench/threat-web-tools.txt,
 * bench/threat-attacks-by-technique.txt): each request under the `## section` heading above it, `#` lines are
 * comments. A line starting `/` is a GET of that request target with a browser's User-Agent; a line `ua: …`
 * is a GET of `/` with that User-Agent, a line `ref: …` one with that Referer, and a line `/target ref: …` a GET of
 * that target with that Referer.
 */
import { readFile } from 'node:fs/promises';

import type { PeerRequest } from './peers/coraza.js';
import { load } from './threat-speed/builds.js';
import type * as HttpThreatConfigModule from '../processors/http_threat/config.js';
import type * as HttpThreatModule from '../processors/http_threat/http-threat.js';

export const BROWSER = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
export const HOST = 'shop.example.com';

export interface HandRequest extends PeerRequest {
  readonly section: string;
}

/** The file's requests; `encodeSpaces` sends a space in a request target as %20, as any client would. */
export async function readHandList(file: string, encodeSpaces = false): Promise<HandRequest[]> {
  const requests: HandRequest[] = [];
  let section = '';
  for (const line of (await readFile(file, 'utf8')).split('\n')) {
    if (line.startsWith('## ')) section = line.slice(3).trim();
    else if (line.startsWith('/')) {
      const [target = line, referer] = line.split(' ref: ');
      requests.push({ id: String(requests.length), section, method: 'GET', uri: encodeSpaces ? target.replaceAll(' ', '%20') : target, user_agent: BROWSER, ...(referer !== undefined && { referer }), host: HOST });
    }
    else if (line.startsWith('ua: ')) requests.push({ id: String(requests.length), section, method: 'GET', uri: '/', user_agent: line.slice(4), host: HOST });
    else if (line.startsWith('ref: ')) requests.push({ id: String(requests.length), section, method: 'GET', uri: '/', user_agent: BROWSER, referer: line.slice(5), host: HOST });
  }
  return requests;
}

/** How a request appears in a listing: what the line gave, a target, a User-Agent or a Referer. */
export const shown = (request: HandRequest): string =>
  request.referer !== undefined ? `${request.uri === '/' ? '' : `${request.uri} `}Referer: ${request.referer}` : request.user_agent === BROWSER ? request.uri : `User-Agent: ${request.user_agent ?? ''}`;

/** Whether a build's rules alert on a request (at 0.5, a 403 from the inline check), from its compiled tree. */
export async function rulesOf(root: string): Promise<(request: HandRequest) => boolean> {
  const { HttpThreat } = await load<typeof HttpThreatModule>(root, 'processors/http_threat/http-threat.js');
  const { httpThreatConfig } = await load<typeof HttpThreatConfigModule>(root, 'processors/http_threat/config.js');
  const threat = new HttpThreat(httpThreatConfig.parse({}));
  return (request) => (threat.score(request.uri, request.user_agent, request.referer, request.host, request.method)?.score ?? 0) >= 0.5;
}
