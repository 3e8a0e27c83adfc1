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

  it("covers a name's bracketed keys, as a query syntax of nested objects sends them", () => {
    const api = new Exclusions([{ path: '/api', params: ['filters'] }]);
    expect(api.apply('/api/restaurants?filters[price][$gt]=10&filters%5Bname%5D%5B$in%5D=a&sort=name')).toBe('/api/restaurants?sort=name');
    expect(api.apply('/api/restaurants?filtersx[a]=1&[filters]=2')).toBe('/api/restaurants?filtersx[a]=1&[filters]=2');
    const strapi = new HttpThreat(httpThreatConfig.parse({ exclusions: [{ path: '/api', params: ['filters'] }] }));
    expect(new HttpThreat(httpThreatConfig.parse({})).score('/api/restaurants?filters[price][$gt]=10', BROWSER, undefined)?.score).toBeGreaterThanOrEqual(0.5);
    expect(strapi.score('/api/restaurants?filters[price][$gt]=10', BROWSER, undefined)).toBeUndefined();
    expect(strapi.score('/api/restaurants?filters[price][$gt]=10&user[$ne]=x', BROWSER, undefined)?.score).toBeGreaterThanOrEqual(0.5);
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

  it("applies to a Referer's path and query, which every request a page makes sends back", () => {
    expect(exclusions.applyToUrl('https://shop.example/docs/search?q=select+*+from+users&page=2')).toBe('https://shop.example/docs/search?page=2');
    expect(exclusions.applyToUrl('https://shop.example/products?q=x')).toBe('https://shop.example/products?q=x');
    expect(exclusions.applyToUrl('https://shop.example')).toBe('https://shop.example');
    expect(exclusions.applyToUrl('not a url ?q=x')).toBe('not a url ?q=x');
    const excluding = new HttpThreat(httpThreatConfig.parse({ exclusions: [{ path: '/issues/', params: ['jql'] }] }));
    const page = 'https://jira.example/issues/?jql=project+%3D+SHOP+AND+status+in+(Open%2C+%22In+Progress%22)+ORDER+BY+created+DESC';
    expect(new HttpThreat(httpThreatConfig.parse({})).score('/s/app.js', BROWSER, page)?.score).toBeGreaterThanOrEqual(0.5);
    expect(excluding.score('/s/app.js', BROWSER, page)).toBeUndefined();
    expect(excluding.score('/s/app.js', BROWSER, `${page}&x=%27+union+select+password+from+users--`)?.reasons.map((r) => r.field)).toContain('referrer');
  });

  it('refuses a route that is not a path and an empty list of parameters, naming the place', () => {
    expect(() => httpThreatConfig.parse({ exclusions: [{ path: 'docs', params: ['q'] }] })).toThrow(/expected a path/);
    expect(() => httpThreatConfig.parse({ exclusions: [{ path: '/docs', params: [] }] })).toThrow();
  });
});
