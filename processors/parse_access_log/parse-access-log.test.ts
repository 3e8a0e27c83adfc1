import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../agent/event.js';
import { parseAccessLogConfig } from './config.js';
import { ParseAccessLog } from './parse-access-log.js';

const READ_AT = '2026-01-01T00:00:00.000Z';
const ev = (message: string): LogEvent => ({ '@timestamp': READ_AT, message, event: { ingested: READ_AT } });
const parse = (config: Record<string, unknown>, ...lines: string[]): LogEvent[] => new ParseAccessLog(parseAccessLogConfig.parse(config)).process(lines.map(ev));
const one = (config: Record<string, unknown>, line: string): LogEvent => parse(config, line)[0] as LogEvent;

const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';

describe('parse_access_log nginx_combined (the default)', () => {
  it('writes the ECS fields of a combined line, the time converted to UTC', () => {
    const out = one({}, `203.0.113.7 - - [10/Oct/2000:13:55:36 -0700] "GET /shop/cart?item=42&ref=mail HTTP/1.1" 200 2326 "https://shop.example/" "${CHROME}"`);
    expect(out).toEqual({
      '@timestamp': '2000-10-10T20:55:36.000Z',
      message: out.message,
      source: { ip: '203.0.113.7' },
      http: { request: { method: 'GET', referrer: 'https://shop.example/' }, version: '1.1', response: { status_code: 200, body: { bytes: 2326 } } },
      url: { original: '/shop/cart?item=42&ref=mail', path: '/shop/cart', query: 'item=42&ref=mail' },
      user_agent: { original: CHROME },
      event: { ingested: READ_AT, outcome: 'success', category: ['web'], type: ['access'] },
    });
  });

  it('leaves out `-` fields and reads IPv6, a user, HTTP/2.0 and a failure status', () => {
    const out = one({}, '2001:db8::8a2e:370:7334 - alice [01/Mar/2024:00:00:01 +0100] "POST /api/login HTTP/2.0" 401 - "-" "-"');
    expect(out).toMatchObject({ '@timestamp': '2024-02-29T23:00:01.000Z', source: { ip: '2001:db8::8a2e:370:7334' }, user: { name: 'alice' }, http: { version: '2.0', response: { status_code: 401 } }, event: { outcome: 'failure' } });
    expect(out.http).not.toHaveProperty('response.body');
    expect(out.http).not.toHaveProperty('request.referrer');
    expect(out).not.toHaveProperty('user_agent');
    expect(out.url).toEqual({ original: '/api/login', path: '/api/login' });
    expect(out.tags).toBeUndefined();
  });

  it('keeps escaped quotes, escaped bytes and a very long query raw, without decoding url.*', () => {
    const query = `q=${'%27%20OR%201%3D1--%20'.repeat(400)}`;
    const out = one({}, `198.51.100.4 - - [10/Oct/2000:13:55:36 +0000] "GET /caf\\xC3\\xA9/%2e%2e/%2e%2e/etc/passwd?${query} HTTP/1.1" 404 153 "-" "sqlmap/1.7 (\\"scan\\"; +https://sqlmap.org)"`);
    expect(out.url).toEqual({ original: `/caf\\xC3\\xA9/%2e%2e/%2e%2e/etc/passwd?${query}`, path: '/caf\\xC3\\xA9/%2e%2e/%2e%2e/etc/passwd', query });
    expect(out.user_agent).toEqual({ original: 'sqlmap/1.7 (\\"scan\\"; +https://sqlmap.org)' });
    expect(out.tags).toBeUndefined();
  });

  it('takes non-ASCII text as the file input decoded it', () => {
    const out = one({}, '192.0.2.1 - - [10/Oct/2000:13:55:36 +0000] "GET /straße/日本?q=ü HTTP/1.1" 200 5 "-" "curl/8.5.0"');
    expect(out.url).toEqual({ original: '/straße/日本?q=ü', path: '/straße/日本', query: 'q=ü' });
  });

  it('reads a trailing $request_time as event.duration in nanoseconds', () => {
    const out = one({}, '192.0.2.1 - - [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1" 200 5 "-" "curl/8.5.0" 0.123');
    expect(out.event).toMatchObject({ duration: 123_000_000 });
  });

  it('keeps a request line that is not METHOD target HTTP/x raw in url.original and tags it; the rest still parses', () => {
    const [dash, tls, noVersion] = parse(
      {},
      '192.0.2.9 - - [10/Oct/2000:13:55:36 +0000] "-" 400 0 "-" "-"',
      '192.0.2.9 - - [10/Oct/2000:13:55:36 +0000] "\\x16\\x03\\x01\\x00\\xA5\\x01\\x00\\x00" 400 157 "-" "-"',
      '192.0.2.9 - - [10/Oct/2000:13:55:36 +0000] "GET /" 400 157 "-" "-"',
    );
    expect(dash?.tags).toEqual(['access_log_malformed_request']);
    expect(dash).not.toHaveProperty('url');
    expect(dash).toMatchObject({ source: { ip: '192.0.2.9' }, http: { response: { status_code: 400 } }, event: { outcome: 'failure', category: ['web'] } });
    expect(tls?.tags).toEqual(['access_log_malformed_request']);
    expect(tls?.url).toEqual({ original: '\\x16\\x03\\x01\\x00\\xA5\\x01\\x00\\x00' });
    expect(tls?.http).not.toHaveProperty('request.method');
    expect(noVersion?.url).toEqual({ original: 'GET /' });
  });

  it('keeps url.path and url.query out of targets that are not a path', () => {
    const [proxy, connect, fragment] = parse(
      {},
      '192.0.2.9 - - [10/Oct/2000:13:55:36 +0000] "GET http://example.com/?x=1 HTTP/1.1" 400 0 "-" "-"',
      '192.0.2.9 - - [10/Oct/2000:13:55:36 +0000] "CONNECT example.com:443 HTTP/1.1" 400 0 "-" "-"',
      '192.0.2.9 - - [10/Oct/2000:13:55:36 +0000] "GET /a#frag?x HTTP/1.1" 200 0 "-" "-"',
    );
    expect(proxy?.url).toEqual({ original: 'http://example.com/?x=1' });
    expect(connect).toMatchObject({ http: { request: { method: 'CONNECT' } }, url: { original: 'example.com:443' } });
    expect(fragment?.url).toEqual({ original: '/a#frag?x', path: '/a', fragment: 'frag?x' });
  });

  it('writes a host name that is not an address to source.address (source.ip is mapped as an ip)', () => {
    const [host, bad] = parse({}, 'proxy.internal - - [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1" 200 1 "-" "-"', '999.1.1.1 - - [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1" 200 1 "-" "-"');
    expect(host?.source).toEqual({ address: 'proxy.internal' });
    expect(bad?.source).toEqual({ address: '999.1.1.1' });
  });
});

describe('parse_access_log failures', () => {
  it('tags a line that does not parse, says which part failed where, and keeps it unchanged otherwise', () => {
    const line = '192.0.2.1 - - [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1" OK 5 "-" "-"';
    const out = one({}, line);
    expect(out.tags).toEqual(['access_log_parse_failure']);
    expect(out.error).toEqual({ message: 'parse_access_log: not a nginx_combined line: "%{POSINT:http.response.status_code}" did not match at column 61' });
    expect(line.slice(60, 62)).toBe('OK');
    expect(out).toEqual({ '@timestamp': READ_AT, message: line, event: { ingested: READ_AT }, tags: ['access_log_parse_failure'], error: out.error });
  });

  it('names trailing text, an Apache line given to nginx, binary junk, an empty line', () => {
    const [trailing, apache, junk, empty] = parse(
      {},
      '192.0.2.1 - - [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1" 200 5 "-" "-" upstream=10.0.0.1:8080',
      '192.0.2.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326',
      '\u0000\u0001\ufffd\ufffd\u0016\u0003 garbage \u00ff',
      '',
    );
    expect(trailing?.error).toEqual({ message: 'parse_access_log: not a nginx_combined line: unexpected text at column 74' });
    expect(apache?.error).toEqual({ message: 'parse_access_log: not a nginx_combined line: " (?:%{POSINT:http.response.body.bytes}|-) \\"" did not match at column 81' });
    expect(junk?.error).toEqual({ message: 'parse_access_log: not a nginx_combined line: "%{IPORHOST:source.ip}" did not match at column 1' });
    expect(empty?.tags).toEqual(['access_log_parse_failure']);
  });

  it('does not match a line over max_length, and a huge line under it fails fast without throwing', () => {
    const huge = `192.0.2.1 - - [10/Oct/2000:13:55:36 +0000] "GET /${'a'.repeat(2_000_000)}`;
    const [over] = parse({}, huge);
    expect(over?.error).toEqual({ message: `parse_access_log: the line is ${huge.length} characters long, over max_length (65536); not matched` });
    const [under] = parse({ max_length: 3_000_000 }, huge);
    expect(under?.tags).toEqual(['access_log_parse_failure']);
    // The request runs to the end of the line: its closing quote is what is missing.
    expect(under?.error).toEqual({ message: `parse_access_log: not a nginx_combined line: "\\" " did not match at column ${huge.length + 1}` });
  });

  it('tags an impossible date and keeps the read time', () => {
    const out = one({}, '192.0.2.1 - - [31/Feb/2024:13:55:36 +0000] "GET / HTTP/1.1" 200 5 "-" "-"');
    expect(out['@timestamp']).toBe(READ_AT);
    expect(out.tags).toEqual(['_timestampparsefailure']);
    expect(out.error).toEqual({ message: 'parse_access_log: time "31/Feb/2024:13:55:36 +0000" is not a date' });
    expect(out.http).toMatchObject({ response: { status_code: 200 } });
  });

  it('tags an event whose field is missing or not a string', () => {
    const p = new ParseAccessLog(parseAccessLogConfig.parse({ field: 'log.line' }));
    const [missing, number] = p.process([ev('x'), { ...ev('x'), log: { line: 7 } }]);
    expect(missing?.error).toEqual({ message: 'parse_access_log: field log.line is missing' });
    expect(number?.error).toEqual({ message: 'parse_access_log: field log.line is not a string' });
  });
});

describe('parse_access_log other formats', () => {
  it('nginx_main: the first X-Forwarded-For address becomes network.forwarded_ip', () => {
    const [proxied, direct, junk] = parse(
      { format: 'nginx_main' },
      '10.0.0.5 - - [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1" 200 612 "-" "curl/8.5.0" "198.51.100.23, 10.0.0.2"',
      '10.0.0.5 - - [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1" 200 612 "-" "curl/8.5.0" "-" 0.004',
      '10.0.0.5 - - [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1" 200 612 "-" "curl/8.5.0" "<script>"',
    );
    expect(proxied).toMatchObject({ source: { ip: '10.0.0.5' }, network: { forwarded_ip: '198.51.100.23' } });
    expect(direct).not.toHaveProperty('network');
    expect(direct?.event).toMatchObject({ duration: 4_000_000 });
    expect(junk).not.toHaveProperty('network');
    expect(junk?.tags).toBeUndefined();
  });

  it('apache_common and apache_combined, with %D microseconds', () => {
    const common = one({ format: 'apache_common' }, '127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326');
    expect(common).toMatchObject({ '@timestamp': '2000-10-10T20:55:36.000Z', source: { ip: '127.0.0.1' }, user: { name: 'frank' }, http: { request: { method: 'GET' }, version: '1.0', response: { status_code: 200, body: { bytes: 2326 } } } });
    const combined = one(
      { format: 'apache_combined' },
      '::1 - - [10/Oct/2000:13:55:36 -0700] "GET /index.php?id=1%27 HTTP/1.1" 500 - "http://www.example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)" 153042',
    );
    expect(combined).toMatchObject({ source: { ip: '::1' }, url: { path: '/index.php', query: 'id=1%27' }, http: { request: { referrer: 'http://www.example.com/start.html' } }, user_agent: { original: 'Mozilla/4.08 [en] (Win98; I ;Nav)' }, event: { duration: 153_042_000, outcome: 'failure' } });
    expect(combined.http).not.toHaveProperty('response.body');
  });

  it('apache_vhost_combined: the virtual host and port go to url.domain and url.port', () => {
    const out = one(
      { format: 'apache_vhost_combined' },
      'shop.example.com:443 203.0.113.9 - - [10/Oct/2000:13:55:36 -0700] "GET /cart?jsessionid=1 HTTP/1.1" 200 512 "https://evil.example/" "curl/8.5.0"',
    );
    expect(out).toMatchObject({ source: { ip: '203.0.113.9' }, url: { domain: 'shop.example.com', port: 443, path: '/cart', query: 'jsessionid=1' }, http: { request: { referrer: 'https://evil.example/' } } });
    expect(out.tags).toBeUndefined();
  });

  it('pattern: a format of your own, extra fields kept as strings', () => {
    const pattern = '%{IPORHOST:source.ip} %{NOTSPACE:host.name} \\[%{HTTPDATE:@timestamp}\\] "%{REQUEST}" %{POSINT:http.response.status_code} (?:%{POSINT:http.response.body.bytes}|-) rt=%{NUMBER:event.duration} req_id=%{WORD:http.request.id}';
    const out = one({ format: 'pattern', pattern }, '192.0.2.1 shop-7 [10/Oct/2000:13:55:36 +0200] "DELETE /api/items/9 HTTP/1.1" 204 - rt=1.5 req_id=abc123');
    expect(out).toMatchObject({ '@timestamp': '2000-10-10T11:55:36.000Z', host: { name: 'shop-7' }, http: { request: { method: 'DELETE', id: 'abc123' }, response: { status_code: 204 } }, event: { duration: 1_500_000_000, outcome: 'success' } });
    const bad = one({ format: 'pattern', pattern }, '192.0.2.1 shop-7 [10/Oct/2000:13:55:36 +0200] "DELETE /api/items/9 HTTP/1.1" 204 - rt=slow req_id=abc123');
    expect(bad.error).toEqual({ message: 'parse_access_log: not a pattern line: "%{NUMBER:event.duration}" did not match at column 87' });
  });

  it('json with nginx variable names (log_format escape=json)', () => {
    const line = JSON.stringify({
      time_local: '10/Oct/2000:13:55:36 -0700',
      remote_addr: '2001:db8::1',
      remote_user: '',
      request: 'GET /search?q=%3Cscript%3E HTTP/1.1',
      status: '403',
      body_bytes_sent: '0',
      http_referer: '',
      http_user_agent: 'Nikto/2.5.0',
      request_time: '0.002',
      upstream_addr: '10.0.0.3:8080',
      host: 'shop.example',
    });
    const out = one({ format: 'json' }, line);
    expect(out).toEqual({
      '@timestamp': '2000-10-10T20:55:36.000Z',
      message: line,
      source: { ip: '2001:db8::1' },
      http: { request: { method: 'GET' }, version: '1.1', response: { status_code: 403, body: { bytes: 0 } } },
      url: { original: '/search?q=%3Cscript%3E', path: '/search', query: 'q=%3Cscript%3E', domain: 'shop.example' },
      user_agent: { original: 'Nikto/2.5.0' },
      event: { ingested: READ_AT, outcome: 'failure', duration: 2_000_000, category: ['web'], type: ['access'] },
    });
  });

  it('json already in ECS (nested or dotted keys), and a mapping of your own', () => {
    const ecs = one({ format: 'json', json_fields: 'ecs' }, '{"@timestamp":"2024-05-01T10:00:00+02:00","source":{"ip":"192.0.2.8"},"http.response.status_code":302,"url":{"original":"/login?next=/"},"event":{"duration":1500}}');
    expect(ecs).toMatchObject({ '@timestamp': '2024-05-01T08:00:00.000Z', source: { ip: '192.0.2.8' }, http: { response: { status_code: 302 } }, url: { path: '/login', query: 'next=/' }, event: { duration: 1500, outcome: 'success' } });
    const own = one({ format: 'json', json_fields: { ip: 'source.ip', code: 'http.response.status_code', ms: 'event.duration' }, request_time_unit: 'ms' }, '{"ip":"192.0.2.8","code":200,"ms":12}');
    expect(own).toMatchObject({ source: { ip: '192.0.2.8' }, http: { response: { status_code: 200 } }, event: { duration: 12_000_000 } });
  });

  it('json failures: not JSON, not an object, no mapped key, a status that is not one', () => {
    const [notJson, array, unmapped, badStatus] = parse({ format: 'json' }, '{"remote_addr": "1.2.3.4"', '[1,2]', '{"a":1}', '{"status":"OK"}');
    expect(notJson?.error).toEqual({ message: expect.stringMatching(/^parse_access_log: invalid JSON: /) });
    expect(array?.error).toEqual({ message: 'parse_access_log: the JSON is not an object' });
    expect(unmapped?.error).toEqual({ message: expect.stringMatching(/^parse_access_log: none of the mapped keys is in the JSON \(remote_addr, /) });
    expect(badStatus?.tags).toEqual(['access_log_parse_failure']);
    expect(badStatus?.error).toEqual({ message: 'parse_access_log: http.response.status_code: "OK" is not an HTTP status' });
  });
});

describe('parse_access_log config', () => {
  it('refuses a pattern that does not compile, names an unknown pattern, has its own groups or is missing', () => {
    const issues = (config: Record<string, unknown>) => parseAccessLogConfig.safeParse(config).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues({ format: 'pattern' })).toEqual(['pattern: format: pattern needs a pattern']);
    expect(issues({ format: 'pattern', pattern: '%{IPV9:source.ip}' })).toEqual([expect.stringMatching(/^pattern: %\{IPV9:source.ip\}: unknown pattern IPV9 \(known: REQUEST, NOTSPACE/)]);
    expect(issues({ format: 'pattern', pattern: '%{IP:source.ip} (\\d+)' })).toEqual(['pattern: use (?:...) for groups of your own: fields come only from %{NAME:field}']);
    expect(issues({ format: 'pattern', pattern: '%{IP:source.ip} [' })).toEqual([expect.stringMatching(/^pattern: not a valid regular expression: /)]);
    expect(issues({ format: 'pattern', pattern: '%{IP:source ip}' })).toEqual([expect.stringMatching(/is not a field name/)]);
    expect(issues({ format: 'nginx_combined', pattern: '%{IP:source.ip}' })).toEqual(['pattern: pattern is only read with format: pattern']);
  });
});
