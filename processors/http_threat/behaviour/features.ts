/**
 * A client's window as the forest sees it, and what an anomalous window is called. Few features, one or
 * two per kind of abuse (volume: the window's requests and its busiest bucket): the forest splits on a feature picked at random, so an aspect described by several
 * features (logins by count, share and failures, say) would be picked more often and isolate its rare but
 * harmless values (a visitor who mistyped a password once) ahead of real scans. Failed logins enter as a
 * count, not a share: a busy office behind one address logs in often and fails now and then, a brute-force
 * client fails dozens of times a minute. Counts enter as ln(1 + x), so a forest's uniform split points
 * spread over their range instead of piling up at the small values of most clients; shares are shrunk
 * towards 0 by two pseudo-requests, so one 404 out of one request is not a full 404 share (the written
 * figures keep the plain shares).
 */
import type { FeatureCredit } from '../../anomaly/forest/explanations.js';
import type { WindowFigures } from './client-windows.js';

export const BEHAVIOUR_CLASSES = ['brute_force', 'credential_stuffing', 'scanning', 'flood', 'errors'] as const;
export type BehaviourClass = (typeof BEHAVIOUR_CLASSES)[number];

/** What the forest sees, in this order; distinct_usernames only when a username field is read. */
const FEATURES = ['requests', 'busiest_bucket', 'distinct_paths', 'share_404', 'probe_hits', 'share_errors', 'failed_logins', 'distinct_usernames'] as const;
type Feature = (typeof FEATURES)[number];

const PSEUDO_REQUESTS = 2;
const shrunk = (part: number, whole: number) => part / (whole + PSEUDO_REQUESTS);
const share = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);

export function featureNames(usernames: boolean): readonly Feature[] {
  return usernames ? FEATURES : FEATURES.slice(0, -1);
}

/** Writes the window's feature vector at `offset` of `rows` (`featureNames(usernames).length` values). */
export function writeRow(f: WindowFigures, rows: Float64Array, offset: number, usernames: boolean): void {
  rows[offset] = Math.log1p(f.requests);
  rows[offset + 1] = Math.log1p(f.busiest);
  rows[offset + 2] = Math.log1p(f.distinctPaths);
  rows[offset + 3] = shrunk(f.status404, f.requests);
  rows[offset + 4] = Math.log1p(f.probes);
  rows[offset + 5] = shrunk(f.status4xx - f.status404 + f.status5xx, f.requests);
  rows[offset + 6] = Math.log1p(f.failedLogins);
  if (usernames) rows[offset + 7] = Math.log1p(f.distinctUsers);
}

/**
 * The class of an anomalous window: each explaining feature's credit goes to the abuse it points at, and the
 * class with the most credit wins. Features that say "how much" rather than "what" go to what the requests
 * mostly were: the request count to brute force when most were logins, to scanning when most were 404s or
 * probes, to errors when most failed otherwise, else to flood; the error share to brute force when most of
 * those errors were failed logins. Brute force with many usernames is credential stuffing.
 */
export function nameClass(f: WindowFigures, credits: readonly FeatureCredit[], names: readonly string[]): BehaviourClass {
  const total: Record<BehaviourClass, number> = { brute_force: 0, credential_stuffing: 0, scanning: 0, flood: 0, errors: 0 };
  for (const { feature, share: credit } of credits) total[classOfFeature(names[feature] as Feature, f)] += credit;
  let best: BehaviourClass = 'flood';
  for (const cls of BEHAVIOUR_CLASSES) if (total[cls] > total[best]) best = cls;
  if (best === 'brute_force' && manyUsernames(f)) return 'credential_stuffing';
  return best;
}

function classOfFeature(feature: Feature, f: WindowFigures): BehaviourClass {
  switch (feature) {
    case 'distinct_paths':
    case 'share_404':
    case 'probe_hits':
      return 'scanning';
    case 'failed_logins':
      return 'brute_force';
    case 'distinct_usernames':
      return 'credential_stuffing';
    case 'share_errors':
      return f.failedLogins > 0 && f.failedLogins * 2 >= f.status4xx - f.status404 + f.status5xx ? 'brute_force' : 'errors';
    case 'requests':
    case 'busiest_bucket':
      return mostly(f);
  }
}

/** What most of the window's requests were. */
function mostly(f: WindowFigures): BehaviourClass {
  const half = f.requests / 2;
  if (f.logins >= half) return 'brute_force';
  if (f.status404 + f.probes >= half) return 'scanning';
  if (f.status4xx - f.status404 + f.status5xx >= half) return 'errors';
  return 'flood';
}

/** At least three usernames, and one for every other login: many accounts tried, not one guessed. */
function manyUsernames(f: WindowFigures): boolean {
  return f.distinctUsers >= 3 && f.distinctUsers * 2 >= f.logins;
}

const fixed = (x: number) => Math.round(x * 100) / 100;

/** The figures that show the class, e.g. `failed_login_share=0.97 logins=120/60s` (the reason's fragment). */
export function describeWindow(cls: BehaviourClass, f: WindowFigures, window: string): string {
  switch (cls) {
    case 'brute_force':
      return `failed_login_share=${fixed(share(f.failedLogins, f.logins))} logins=${f.logins}/${window}`;
    case 'credential_stuffing':
      return `usernames=${f.distinctUsers} logins=${f.logins}/${window} failed_login_share=${fixed(share(f.failedLogins, f.logins))}`;
    case 'scanning':
      return `distinct_paths=${f.distinctPaths} share_404=${fixed(share(f.status404, f.requests))} probe_hits=${f.probes}/${window}`;
    case 'flood':
      return `requests=${f.requests}/${window}`;
    case 'errors':
      return `share_5xx=${fixed(share(f.status5xx, f.requests))} share_4xx=${fixed(share(f.status4xx, f.requests))} requests=${f.requests}/${window}`;
  }
}

/** The window figures written as threat.client (plain counts and shares). */
export function clientFields(key: string, f: WindowFigures, windowSeconds: number, usernames: boolean): Record<string, string | number> {
  const fields: Record<string, string | number> = {
    key,
    window_s: windowSeconds,
    requests: f.requests,
    distinct_paths: f.distinctPaths,
    share_404: fixed(share(f.status404, f.requests)),
    share_4xx: fixed(share(f.status4xx, f.requests)),
    share_5xx: fixed(share(f.status5xx, f.requests)),
    probe_hits: f.probes,
    logins: f.logins,
    failed_logins: f.failedLogins,
  };
  if (usernames) fields.distinct_usernames = f.distinctUsers;
  return fields;
}
