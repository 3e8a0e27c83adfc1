import { describe, expect, it } from 'vitest';

import { generateShopTraffic } from './shop-traffic.js';

describe('generateShopTraffic', () => {
  it('gives the same requests for the same seed and others for another', () => {
    expect(generateShopTraffic(500, 3)).toEqual(generateShopTraffic(500, 3));
    expect(generateShopTraffic(500, 4)).not.toEqual(generateShopTraffic(500, 3));
  });

  it('numbers the requests and leaves every URI a valid, encoded request target', () => {
    const requests = generateShopTraffic(2000, 11);
    expect(new Set(requests.map((r) => r.id)).size).toBe(2000);
    for (const r of requests) {
      expect(r.uri).toMatch(/^\/[\x21-\x7e]*$/);
      expect(() => decodeURIComponent(r.uri.replace(/\+/g, ' '))).not.toThrow();
    }
  });

  it('contains the hard cases it promises', () => {
    const requests = generateShopTraffic(3000, 11);
    const uris = requests.map((r) => r.uri);
    const agents = requests.map((r) => r.user_agent);
    expect(uris.some((u) => u.includes('q=O%27Reilly'))).toBe(true);
    expect(uris.some((u) => u.includes("q=O'Reilly"))).toBe(true);
    expect(uris.some((u) => /q=select(\+|%20)a(\+|%20)size/.test(u))).toBe(true);
    expect(uris.some((u) => /[?&]gclid=[\w-]{70,}/.test(u))).toBe(true);
    expect(uris.some((u) => /[?&]fbclid=IwAR/.test(u))).toBe(true);
    expect(uris.some((u) => /token=eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/.test(u))).toBe(true);
    expect(uris.some((u) => u.includes('%C3%B6'))).toBe(true);
    expect(agents.some((a) => a.includes('Googlebot'))).toBe(true);
  });
});
