import { describe, expect, it } from 'vitest';
import type { WindowFigures } from './client-windows.js';
import { clientFields, describeWindow, featureNames, nameClass, writeRow } from './features.js';

const window = (over: Partial<WindowFigures>): WindowFigures => ({ requests: 30, busiest: 5, status4xx: 0, status5xx: 0, status404: 0, probes: 0, logins: 0, failedLogins: 0, distinctPaths: 12, distinctUsers: 0, ...over });
const names = featureNames(true);
const credit = (...features: [string, number][]) => features.map(([name, share]) => ({ feature: names.indexOf(name as (typeof names)[number]), share }));

describe('behaviour features', () => {
  it('writes counts as ln(1 + x) and shares shrunk by two pseudo-requests', () => {
    const rows = new Float64Array(names.length);
    writeRow(window({ requests: 8, busiest: 3, status404: 4, status4xx: 5, status5xx: 1, failedLogins: 1, distinctUsers: 1 }), rows, 0, true);
    expect(Array.from(rows)).toEqual([Math.log1p(8), Math.log1p(3), Math.log1p(12), 0.4, 0, 0.2, Math.log1p(1), Math.log1p(1)]);
    expect(featureNames(false)).not.toContain('distinct_usernames');
  });

  it('names the class from the features that explain the score', () => {
    const scan = window({ requests: 300, status404: 270, status4xx: 275, probes: 120, distinctPaths: 250 });
    expect(nameClass(scan, credit(['distinct_paths', 0.3], ['share_404', 0.25], ['requests', 0.2]), names)).toBe('scanning');
    const errors = window({ requests: 80, status5xx: 60, status4xx: 15 });
    expect(nameClass(errors, credit(['share_errors', 0.4], ['distinct_paths', 0.1]), names)).toBe('errors');
    const flood = window({ requests: 1500, busiest: 200, distinctPaths: 60 });
    expect(nameClass(flood, credit(['requests', 0.3], ['busiest_bucket', 0.3], ['distinct_paths', 0.2]), names)).toBe('flood');
  });

  it('gives volume and error credit to what the requests mostly were: failed logins make brute force', () => {
    const brute = window({ requests: 120, busiest: 12, logins: 120, failedLogins: 116, status4xx: 116, distinctPaths: 1, distinctUsers: 1 });
    expect(nameClass(brute, credit(['requests', 0.3], ['share_errors', 0.3], ['distinct_paths', 0.2]), names)).toBe('brute_force');
    expect(describeWindow('brute_force', brute, '60s')).toBe('failed_login_share=0.97 logins=120/60s');
  });

  it('calls brute force with a new username for most attempts credential stuffing', () => {
    const stuffing = window({ requests: 40, logins: 40, failedLogins: 36, status4xx: 36, distinctPaths: 1, distinctUsers: 38 });
    expect(nameClass(stuffing, credit(['failed_logins', 0.4], ['requests', 0.2]), names)).toBe('credential_stuffing');
    expect(nameClass(window({ ...stuffing, distinctUsers: 2 }), credit(['failed_logins', 0.4]), names)).toBe('brute_force');
  });

  it('writes the plain figures as threat.client', () => {
    expect(clientFields('198.51.100.7', window({ requests: 10, status404: 5, status4xx: 6, probes: 3 }), 60, false)).toEqual({
      key: '198.51.100.7', window_s: 60, requests: 10, distinct_paths: 12, share_404: 0.5, share_4xx: 0.6, share_5xx: 0, probe_hits: 3, logins: 0, failed_logins: 0,
    });
  });
});
