/**
 * What happens to the agent and its surroundings during a soak run, and when: a pure function of the run's
 * length, so that a 3-minute trial run meets every kind of disruption a 30-minute one does.
 */

export type Disruption =
  | { kind: 'rotate'; number: number }
  | { kind: 'copytruncate'; number: number }
  | { kind: 'engine-stop' }
  | { kind: 'engine-start' }
  | { kind: 'kill' }
  | { kind: 'reload'; variant: number };

export interface Scheduled {
  atMs: number;
  action: Disruption;
}

export const ROTATE_EVERY_MS = 60_000;
/** Every fourth rotation (the 2nd, 6th, 10th, …) is a copytruncate, the others renames. */
const COPYTRUNCATE_EVERY = 4;
const KILLS_AT = [0.15, 0.45, 0.8] as const;
const RELOADS_AT = [0.35, 0.7] as const;
/** The engine's outages begin here; they last a minute, or a tenth of a short run, so reloads fall outside them. */
const OUTAGES_AT = [0.2, 0.55] as const;

export function outageMs(durationMs: number): number {
  return Math.min(60_000, Math.round(durationMs / 10));
}

/**
 * Disruptions fall within `durationMs`; a `steadyMs` tail after it keeps only the rotations, so the agent's
 * last life runs long enough to show whether its memory levels off.
 */
export function schedule(durationMs: number, steadyMs = 0): Scheduled[] {
  const events: Scheduled[] = [];
  for (let n = 1; n * ROTATE_EVERY_MS < durationMs + steadyMs; n++) {
    events.push({ atMs: n * ROTATE_EVERY_MS, action: { kind: n % COPYTRUNCATE_EVERY === 2 ? 'copytruncate' : 'rotate', number: n } });
  }
  const outage = outageMs(durationMs);
  for (const at of OUTAGES_AT) {
    const start = Math.round(durationMs * at);
    events.push({ atMs: start, action: { kind: 'engine-stop' } }, { atMs: start + outage, action: { kind: 'engine-start' } });
  }
  for (const at of KILLS_AT) events.push({ atMs: Math.round(durationMs * at), action: { kind: 'kill' } });
  RELOADS_AT.forEach((at, i) => events.push({ atMs: Math.round(durationMs * at), action: { kind: 'reload', variant: i + 1 } }));
  return events.sort((a, b) => a.atMs - b.atMs);
}
