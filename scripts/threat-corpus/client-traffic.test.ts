/**
 * The client traffic generator: the same traffic for a seed, and scanners that walk a real scanner's paths
 * in order when given them, leaving every other client's traffic as it was.
 */
import { describe, expect, it } from 'vitest';

import { generateClientTraffic, type TrafficOptions } from './client-traffic.js';

const OPTIONS: TrafficOptions = {
  seed: 3,
  durationMs: 4 * 60_000,
  visitors: 20,
  offices: 1,
  crawlers: 1,
  abusers: { brute_force: 0, credential_stuffing: 0, scanning: 2, flood: 0, errors: 0 },
  abuseFrom: 60_000,
};

const scannerUris = (traffic: ReturnType<typeof generateClientTraffic>, ip: string) => traffic.requests.filter((r) => r.ip === ip).map((r) => r.uri);

describe('client traffic', () => {
  it('is the same for a seed', () => {
    expect(generateClientTraffic(OPTIONS).requests).toEqual(generateClientTraffic(OPTIONS).requests);
  });

  it("walks a scanner's paths in their order, from a place of its own, when given them", () => {
    const scannerPaths = Array.from({ length: 50 }, (_, i) => `/probe-${i}`);
    const traffic = generateClientTraffic({ ...OPTIONS, scannerPaths });
    const scanners = [...traffic.kinds].filter(([, kind]) => kind === 'scanning').map(([ip]) => ip);
    expect(scanners).toHaveLength(2);
    for (const ip of scanners) {
      const uris = scannerUris(traffic, ip);
      expect(uris.length).toBeGreaterThan(100);
      const first = scannerPaths.indexOf(uris[0] as string);
      expect(uris.slice(0, 60)).toEqual(Array.from({ length: 60 }, (_, i) => scannerPaths[(first + i) % scannerPaths.length]));
    }
  });

  it("leaves every other client's requests as they were", () => {
    const options = { ...OPTIONS, abusers: { ...OPTIONS.abusers, flood: 1, errors: 1 } };
    const plain = generateClientTraffic(options);
    const walked = generateClientTraffic({ ...options, scannerPaths: ['/a', '/b'] });
    const others = (t: typeof plain) => t.requests.filter((r) => t.kinds.get(r.ip) !== 'scanning');
    expect(others(walked)).toEqual(others(plain));
  });
});
