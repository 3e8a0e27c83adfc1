/**
 * The nginx sidecar example end to end: the built CLI runs config/examples/nginx-access.yaml once over its
 * sample access log (copied to a temporary folder) and the file output holds ECS documents.
 */
import { cp, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEvents, runCli, tempDir } from '../helpers/agent-process.js';

const EXAMPLES = path.resolve(import.meta.dirname, '../../config/examples');

describe('parse_access_log through the pipeline', () => {
  it('run --once turns the example nginx access log into ECS documents and keeps the lines that do not parse', async () => {
    const dir = await tempDir('access-log');
    await mkdir(path.join(dir, 'logs'));
    await cp(path.join(EXAMPLES, 'nginx-access.yaml'), path.join(dir, 'nginx-access.yaml'));
    await cp(path.join(EXAMPLES, 'logs', 'nginx-access.log'), path.join(dir, 'logs', 'nginx-access.log'));
    const result = await runCli(['run', '--once', '-c', path.join(dir, 'nginx-access.yaml')]);
    expect(result.code, result.stderr).toBe(0);

    const events = await readEvents(path.join(dir, 'out', 'access.ndjson'));
    expect(events).toHaveLength(7);
    const [browser, ipv6, sqlmap, traversal, tls, empty, junk] = events;
    expect(browser).toMatchObject({
      '@timestamp': '2026-11-02T09:15:01.000Z',
      service: { name: 'shop-proxy' },
      source: { ip: '203.0.113.7' },
      http: { request: { method: 'GET', referrer: 'https://shop.example/' }, version: '2.0', response: { status_code: 200, body: { bytes: 5120 } } },
      url: { original: '/products/1234?ref=newsletter', path: '/products/1234', query: 'ref=newsletter' },
      user_agent: { original: expect.stringMatching(/^Mozilla\/5\.0 \(Windows NT 10\.0/) },
      event: { category: ['web'], type: ['access'], outcome: 'success', duration: 12_000_000, ingested: expect.any(String) },
    });
    expect(browser?.tags).toBeUndefined();
    expect(ipv6).toMatchObject({ source: { ip: '2001:db8:85a3::8a2e:370:7334' }, user: { name: 'alice' }, http: { response: { status_code: 201 } } });
    expect(sqlmap).toMatchObject({ url: { query: 'q=%27%20UNION%20SELECT%20username%2Cpassword%20FROM%20users--%20' }, event: { outcome: 'failure' } });
    expect(traversal).toMatchObject({ url: { path: '/../../../../etc/passwd' } });
    expect(tls).toMatchObject({ tags: ['access_log_malformed_request'], url: { original: '\\x16\\x03\\x01\\x02\\x00\\x01\\x00\\x01\\xFC\\x03\\x03' } });
    expect(empty).toMatchObject({ tags: ['access_log_malformed_request'], http: { response: { status_code: 400 } } });
    expect(junk).toMatchObject({ message: 'this line is not an access-log line', tags: ['access_log_parse_failure'], error: { message: expect.stringMatching(/^parse_access_log: not a nginx_combined line: /) } });
    expect(junk).not.toHaveProperty('http');
  });
});
