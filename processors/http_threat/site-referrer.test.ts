import { describe, expect, it } from 'vitest';
import { SiteReferrer, urlHost } from './site-referrer.js';

describe('urlHost', () => {
  it('reads the host of absolute URLs only', () => {
    expect(urlHost('https://Shop.Example:8443/a?b#c')).toBe('shop.example');
    expect(urlHost('http://user:pw@host.example/')).toBe('host.example');
    expect(urlHost('https://[2001:db8::1]:443/')).toBe('[2001:db8::1]');
    expect(urlHost('ftp://files.example')).toBe('files.example');
    expect(urlHost('/relative/path')).toBeUndefined();
    expect(urlHost('https:///no-host')).toBeUndefined();
  });
});

describe('SiteReferrer', () => {
  const unknown = new SiteReferrer([]);
  const configured = new SiteReferrer(['Shop.Example:443', '[2001:db8::1]']);

  it('counts a missing Referer as off-site', () => {
    expect(unknown.isOffSite(undefined, undefined)).toBe(true);
    expect(unknown.isOffSite('-', undefined)).toBe(true);
    expect(unknown.isOffSite('', 'shop.example')).toBe(true);
  });

  it('takes any Referer as on-site while no site host is known', () => {
    expect(unknown.isOffSite('https://evil.example/', undefined)).toBe(false);
    expect(unknown.isOffSite('https://evil.example/', '-')).toBe(false);
  });

  it("compares with the request's host, port and case aside, subdomains included", () => {
    expect(unknown.isOffSite('https://evil.example/', 'shop.example:8080')).toBe(true);
    expect(unknown.isOffSite('https://SHOP.example/', 'shop.example:8080')).toBe(false);
    expect(unknown.isOffSite('https://m.shop.example/', 'shop.example')).toBe(false);
    expect(unknown.isOffSite('https://evilshop.example/', 'shop.example')).toBe(true);
    expect(unknown.isOffSite('http://[::1]:8080/', '::1')).toBe(true);
  });

  it('compares with the configured hosts', () => {
    expect(configured.isOffSite('https://shop.example/cart', undefined)).toBe(false);
    expect(configured.isOffSite('https://www.shop.example/cart', 'other.example')).toBe(false);
    expect(configured.isOffSite('https://[2001:db8::1]/x', undefined)).toBe(false);
    expect(configured.isOffSite('https://evil.example/', undefined)).toBe(true);
  });

  it('leaves a Referer that is not a URL on-site: there is no host to compare', () => {
    expect(configured.isOffSite('not a url', 'shop.example')).toBe(false);
  });
});
