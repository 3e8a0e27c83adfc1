import { describe, expect, it } from 'vitest';

import { httpThreatConfig } from './config.js';
import { Exclusions } from './exclusions.js';
import { HttpThreat } from './http-threat.js';

const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';

describe('exclusions', () => {
  const exclusions = new Exclusions([{ path: '/docs/search', params: ['q'] }, { path: '/cms/', params: ['body', 'html'] }]);

  it('removes the named parameters on the route and its sub-paths only', () => {
    expect(exclusions.apply('/docs/search?q=select+*+from+users&page=2')).toBe('/docs/search?page=2');
    expect(exclusions.apply('/docs/search/v2?page=2&q=x')).toBe('/docs/search/v2?page=2');
    expect(exclusions.apply('/docs/searching?q=x')).toBe('/docs/searching?q=x');
    expect(exclusions.apply('/search?q=x')).toBe('/search?q=x');
    expect(exclusions.apply('/cms/page/save?html=%3Cb%3Ex%3C%2Fb%3E&body=y&id=1')).toBe('/cms/page/save?id=1');
  });

  it('compares names after percent-decoding, and keeps a target without a query as it is', () => {
    expect(exclusions.apply('/docs/search?%71=x')).toBe('/docs/search?');
    expect(exclusions.apply('/docs/search?q%ZZ=x')).toBe('/docs/search?q%ZZ=x');
    expect(exclusions.apply('/docs/search')).toBe('/docs/search');
  });

  it('leaves an excluded parameter unscored and the rest of the request scored', () => {
    const plain = new HttpThreat(httpThreatConfig.parse({}));
    const excluding = new HttpThreat(httpThreatConfig.parse({ exclusions: [{ path: '/docs/search', params: ['q'] }] }));
    const codeSearch = '/docs/search?q=SELECT+name+FROM+users+UNION+SELECT+password+FROM+admins';
    expect(plain.score(codeSearch, BROWSER, undefined)?.score).toBeGreaterThanOrEqual(0.5);
    expect(excluding.score(codeSearch, BROWSER, undefined)).toBeUndefined();
    expect(excluding.score(`${codeSearch}&lang=%3Cscript%3Ealert(1)%3C/script%3E`, BROWSER, undefined)?.reasons.map((r) => r.field)).toContain('url');
    expect(excluding.score('/search?q=1+UNION+SELECT+password+FROM+admins', BROWSER, undefined)?.score).toBeGreaterThanOrEqual(0.5);
  });

  it('refuses a route that is not a path and an empty list of parameters, naming the place', () => {
    expect(() => httpThreatConfig.parse({ exclusions: [{ path: 'docs', params: ['q'] }] })).toThrow(/expected a path/);
    expect(() => httpThreatConfig.parse({ exclusions: [{ path: '/docs', params: [] }] })).toThrow();
  });
});
