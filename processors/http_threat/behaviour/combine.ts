/**
 * How a client's behaviour verdict joins the payload verdict of one request: as one more reason of weight
 * `weight`, combined like the detectors' weights, threat.score = 1 − (1 − payload score)(1 − weight). The rule
 * named on an alert is the behaviour's (`behaviour-<class>`) when its weight is above the payload score.
 */
import type { ThreatVerdict } from '../http-threat.js';
import type { BehaviourVerdict } from './behaviour-scorer.js';

export function withBehaviour(payload: ThreatVerdict | undefined, client: BehaviourVerdict, weight: number): ThreatVerdict {
  const reason = { detector: 'behaviour', class: client.class, fragment: client.fragment, field: 'client' } as const;
  const rule = { id: `behaviour-${client.class}`, class: client.class };
  if (payload === undefined) return { score: Math.round(weight * 1000) / 1000, reasons: [reason], top: rule };
  return {
    score: Math.round((1 - (1 - payload.score) * (1 - weight)) * 1000) / 1000,
    reasons: [...payload.reasons, reason],
    top: weight > payload.score ? rule : payload.top,
  };
}
