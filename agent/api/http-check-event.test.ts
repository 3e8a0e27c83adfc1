import { describe, expect, it } from 'vitest';
import { addTag, setField, type LogEvent } from '../event.js';
import { hostWithoutPort } from '../http-host.js';
import { checkEvent, clientIp, envoyOriginal, nginxOriginal, threatHeaders, verdictOf } from './http-check-event.js';

const NOW = new Date('2026-01-02T03:04:05.000Z');

describe('the event of a proxy check', () => {
  it('takes the target and method from the headers nginx auth_request is configured to send', () => {
    const headers = { 'x-original-uri': '/shop/item?id=1%27%20OR%201=1--', 'x-original-method': 'post', 'user-agent': 'curl/8.5.0', referer: 'https://shop.example/', 'x-forwarded-for': '203.0.113.9, 10.0.0.2' };
    const original = nginxOriginal(headers);
    expect(original).toEqual({ uri: '/shop/item?id=1%27%20OR%201=1--', method: 'POST' });
    expect(checkEvent(original!, headers, NOW)).toEqual({
      '@timestamp': '2026-01-02T03:04:05.000Z',
      message: 'POST /shop/item?id=1%27%20OR%201=1--',
      url: { original: '/shop/item?id=1%27%20OR%201=1--' },
      http: { request: { method: 'POST', referrer: 'https://shop.example/' } },
      user_agent: { original: 'curl/8.5.0' },
      source: { ip: '203.0.113.9' },
      event: { kind: 'event', category: ['web'], type: ['access'] },
    });
  });

  it('has no original request without X-Original-URI, and GET without X-Original-Method', () => {
    expect(nginxOriginal({ 'x-original-method': 'GET' })).toBeUndefined();
    expect(nginxOriginal({ 'x-original-uri': '' })).toBeUndefined();
    expect(nginxOriginal({ 'x-original-uri': '/a' })).toEqual({ uri: '/a', method: 'GET' });
  });

  it('leaves out the headers that were not sent', () => {
    const event = checkEvent({ uri: '/', method: 'GET' }, {}, NOW);
    expect(event['user_agent']).toBeUndefined();
    expect(event['source']).toBeUndefined();
    expect(event['http']).toEqual({ request: { method: 'GET' } });
  });

  it('reads the Envoy original path after the route prefix, query included', () => {
    expect(envoyOriginal('delete', '/v1/http/ext_authz/api/users/7?force=1', '/v1/http/ext_authz')).toEqual({ uri: '/api/users/7?force=1', method: 'DELETE' });
    expect(envoyOriginal('GET', '/v1/http/ext_authz/', '/v1/http/ext_authz')).toEqual({ uri: '/', method: 'GET' });
  });

  it('takes the host the request was sent to from X-Original-Host (nginx) or the Host of an Envoy check, into url.domain', () => {
    const headers = { 'x-original-uri': '/cart?jsessionid=1', 'x-original-host': 'Shop.Example:8443' };
    expect(checkEvent(nginxOriginal(headers)!, headers, NOW)['url']).toEqual({ original: '/cart?jsessionid=1', domain: 'shop.example' });
    expect(nginxOriginal({ 'x-original-uri': '/', 'x-forwarded-host': 'shop.example' })?.host).toBe('shop.example');
    expect(envoyOriginal('GET', '/v1/http/ext_authz/a', '/v1/http/ext_authz', 'shop.example')).toEqual({ uri: '/a', method: 'GET', host: 'shop.example' });
    expect(hostWithoutPort('[2001:db8::1]:443')).toBe('[2001:db8::1]');
    expect(hostWithoutPort(':80')).toBeUndefined();
    expect(hostWithoutPort('2001:db8::1')).toBe('2001:db8::1');
  });

  it('takes the client from the first X-Forwarded-For entry, then X-Real-IP, and only a real address', () => {
    expect(clientIp({ 'x-forwarded-for': '2001:db8::1, 10.0.0.1', 'x-real-ip': '10.0.0.1' })).toBe('2001:db8::1');
    expect(clientIp({ 'x-forwarded-for': 'unknown', 'x-real-ip': ' 198.51.100.4 ' })).toBe('198.51.100.4');
    expect(clientIp({ 'x-real-ip': "1' OR 1=1" })).toBeUndefined();
    expect(clientIp({ 'x-forwarded-for': ['192.0.2.1', '192.0.2.2'] })).toBe('192.0.2.1');
  });
});

describe('the verdict and its headers', () => {
  const base = (): LogEvent => checkEvent({ uri: '/', method: 'GET' }, {}, NOW);

  it('denies an alert and allows anything else', () => {
    const alert = base();
    setField(alert, 'event.kind', 'alert');
    expect(verdictOf(alert).decision).toBe('deny');
    expect(verdictOf(base()).decision).toBe('allow');
  });

  it('cannot decide when a processor failed on the event', () => {
    const failed = base();
    addTag(failed, 'processor_error');
    setField(failed, 'error.message', 'processors[0] (http_threat): boom');
    expect(verdictOf(failed)).toEqual({ decision: 'error', failure: 'processor_error', detail: 'processors[0] (http_threat): boom' });
  });

  it('writes score, severity and the distinct detector ids as header-safe tokens', () => {
    const event = base();
    setField(event, 'threat', {
      score: 0.99,
      severity: 'critical',
      reasons: [
        { detector: 'sqli-tautology', class: 'sqli', fragment: "' or 1=1", field: 'url' },
        { detector: 'scanner ua\r\nx: y', class: 'scanner', fragment: 'sqlmap', field: 'user_agent' },
        { detector: 'sqli-tautology', class: 'sqli', fragment: 'x', field: 'referrer' },
      ],
    });
    expect(threatHeaders(event)).toEqual({ 'x-threat-score': '0.99', 'x-threat-severity': 'critical', 'x-threat-reasons': 'sqli-tautology,scanner_ua__x:_y' });
  });

  it('scores 0 with no severity nor reasons when nothing matched', () => {
    expect(threatHeaders(base())).toEqual({ 'x-threat-score': '0' });
  });

  it('cuts a long reasons list at a whole detector id', () => {
    const event = base();
    setField(event, 'threat.reasons', Array.from({ length: 40 }, (_, i) => ({ detector: `detector-number-${i}` })));
    const reasons = threatHeaders(event)['x-threat-reasons'] ?? '';
    expect(reasons.length).toBeLessThanOrEqual(200);
    expect(reasons.split(',').every((id) => /^detector-number-\d+$/.test(id))).toBe(true);
    expect(reasons.split(',').length).toBeGreaterThan(5);
  });
});
