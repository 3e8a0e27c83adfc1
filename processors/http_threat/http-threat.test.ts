import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../agent/kit.js';
import { parseAccessLogConfig } from '../parse_access_log/config.js';
import { ParseAccessLog } from '../parse_access_log/parse-access-log.js';
import { httpThreatConfig } from './config.js';
import { HttpThreat, severityOf } from './http-threat.js';

const make = (config: object = {}) => new HttpThreat(httpThreatConfig.parse(config));
const access = (url: string, userAgent = 'Mozilla/5.0'): LogEvent => ({
  '@timestamp': '2026-12-01T10:00:00.000Z',
  message: 'line',
  url: { original: url },
  user_agent: { original: userAgent },
  event: { category: ['web'], type: ['access'] },
});

describe('http_threat', () => {
  it('marks a detected attack as an alert with score, severity, reasons and rule name', () => {
    const [event] = make().process([access("/search?q=' UNION SELECT 1,2--")]);
    expect(event).toMatchObject({
      threat: { score: expect.any(Number), severity: 'critical', reasons: expect.arrayContaining([expect.objectContaining({ detector: 'sqli-union-select', class: 'sqli' })]) },
      event: { kind: 'alert', category: ['intrusion_detection', 'web'], type: ['access'] },
      rule: { name: expect.stringMatching(/^sqli-/), category: 'sqli' },
    });
    expect((event?.threat as { score: number }).score).toBeGreaterThan(0.9);
  });

  it('reads a request as sent from the nginx line that escaped its raw quotes', () => {
    const line = (target: string, userAgent: string) => `203.0.113.9 - - [05/Dec/2026:10:00:00 +0000] "GET ${target} HTTP/1.1" 200 5 "-" "${userAgent}"`;
    const parser = new ParseAccessLog(parseAccessLogConfig.parse({}));
    const [query, userAgent] = make().process(
      parser.process([
        { '@timestamp': '2026-12-05T10:00:00.000Z', message: line('/search?q=a\\x22+or+\\x22b\\x22=\\x22b', 'curl/8.5.0') },
        { '@timestamp': '2026-12-05T10:00:00.000Z', message: line('/', 'x;`cat<<<\\x22id\\x22`') },
      ]),
    );
    expect(query?.['rule']).toEqual({ name: 'sqli-tautology', category: 'sqli' });
    expect((userAgent?.['threat'] as { reasons: { fragment: string }[] }).reasons.map((r) => r.fragment)).toContain('`cat<<<"id"`');
  });

  it('leaves benign events and events without URL fields untouched', () => {
    const benign = access('/search?q=select+a+size');
    const other: LogEvent = { '@timestamp': '2026-12-01T10:00:00.000Z', message: 'no url here', service: { name: 'x' } };
    const before = structuredClone([benign, other]);
    expect(make().process([benign, other])).toEqual(before);
  });

  it('records a score under alert_threshold without making an alert', () => {
    const [event] = make({ alert_threshold: 0.99 }).process([access('/../../etc/passwd')]);
    expect(event?.threat).toBeDefined();
    expect(event?.event).toEqual({ category: ['web'], type: ['access'] });
    expect(event?.rule).toBeUndefined();
  });

  it('reports a method outside the allowed ones: by default only methods nobody registered', () => {
    const withMethod = (method: string, url = '/orders/1'): LogEvent => ({ ...access(url), http: { request: { method } } });
    const [invented, registered, webdav, missing] = make().process([withMethod('FOO'), withMethod('DELETE'), withMethod('PROPFIND'), withMethod('-')]);
    expect(invented).toMatchObject({
      threat: { score: 0.5, severity: 'medium', reasons: [{ detector: 'protocol-method-not-allowed', class: 'protocol', fragment: 'FOO', field: 'method' }] },
      event: { kind: 'alert' },
      rule: { name: 'protocol-method-not-allowed', category: 'protocol' },
    });
    expect(registered?.threat).toBeUndefined();
    expect(webdav?.threat).toBeUndefined();
    expect(missing?.threat).toBeUndefined();

    const site = make({ allowed_methods: ['get', 'HEAD', 'POST', 'OPTIONS'] });
    const [deleted, fetched] = site.process([withMethod('DELETE'), withMethod('GET')]);
    expect(deleted?.rule).toEqual({ name: 'protocol-method-not-allowed', category: 'protocol' });
    expect(fetched?.threat).toBeUndefined();
    // Methods are case-sensitive; the configured list is written in capitals.
    expect(site.process([withMethod('get')])[0]?.threat).toBeDefined();
    // With a payload detection too, both reasons are there and the payload names the rule.
    const [both] = site.process([withMethod('DELETE', "/orders/1' UNION SELECT 1--")]);
    expect((both?.threat as { reasons: { detector: string }[] }).reasons.map((r) => r.detector)).toContain('protocol-method-not-allowed');
    expect(both?.rule).toMatchObject({ category: 'sqli' });

    expect(make({ disabled: ['protocol-method-not-allowed'] }).process([withMethod('FOO')])[0]?.threat).toBeUndefined();
    expect(httpThreatConfig.safeParse({ allowed_methods: ['GET /'] }).success).toBe(false);
  });

  it('switches off the detectors named in disabled, and rejects unknown ids', () => {
    const [event] = make({ disabled: ['scanner-ua'] }).process([access('/', 'sqlmap/1.7')]);
    expect(event?.threat).toBeUndefined();
    expect(httpThreatConfig.safeParse({ disabled: ['no-such-detector'] }).success).toBe(false);
  });

  it('reads the fields it is told to read', () => {
    const [event] = make({ url_field: 'request.target' }).process([{ '@timestamp': '2026-12-01T10:00:00.000Z', message: 'x', request: { target: '/?q=<script>alert(1)</script>' } }]);
    expect(event?.rule).toEqual({ name: 'xss-script-tag', category: 'xss' });
  });

  it('gives a repeated User-Agent the same verdict as the first time (its matches are remembered)', () => {
    const scorer = make();
    const first = scorer.score('/', 'Mozilla/5.0 (Nikto/2.5.0)', undefined);
    expect(first?.reasons).toEqual([{ detector: 'scanner-ua', class: 'scanner', fragment: 'nikto', field: 'user_agent' }]);
    expect(scorer.score('/other', 'Mozilla/5.0 (Nikto/2.5.0)', undefined)).toEqual(first);
    expect(scorer.score('/', 'Mozilla/5.0', undefined)).toBeUndefined();
  });

  it('maps scores to severities', () => {
    expect([0.3, 0.5, 0.8, 0.95].map(severityOf)).toEqual(['low', 'medium', 'high', 'critical']);
  });
});
