/**
 * The `anomaly` processor: computes each selected event's features, scores them with the configured model
 * (and a candidate model beside it, in a canary or shadow roll-out) and writes `anomaly.*`: status, score
 * s(x) in (0, 1], score_100, severity, is_anomaly, explanation and model_version; anomalies also get
 * `event.kind: alert`; explanation_status: unavailable when the model cannot be explained. A shadow
 * candidate's results go to `anomaly.shadow.*`. An event whose features cannot
 * be computed is tagged `anomaly_feature_error` with the reason and passes on unscored.
 */
import type { Processor } from '../../agent/kit.js';
import { addTag, setField, type LogEvent } from '../../agent/kit.js';
import type { ModelRollout, ModelRunner, OutcomeProfile, Role } from '../model-rollout/model-rollout.js';
import { FIXED_SEVERITY, type AnomalyConfig } from './config.js';
import type { FeatureEncoder } from './features.js';
import type { AnomalyMetrics } from './metrics.js';
import type { ModelScorer } from './scorers.js';

const FEATURE_ERROR_TAG = 'anomaly_feature_error';

const round = (x: number) => Math.round(x * 10_000) / 10_000;

/** One model's judgement of one event. */
export interface AnomalyOutcome {
  readonly score: number;
  readonly isAnomaly: boolean;
  readonly severity: 'low' | 'medium' | 'high' | 'critical';
  /** The features that isolated the event fastest (served results only). */
  readonly explanation: string[] | undefined;
}

/** Two models agree on an event when both flag it or neither does; similarity is 1 − the score difference. */
export const anomalyProfile: OutcomeProfile<AnomalyOutcome> = {
  flagged: (o) => o.isAnomaly,
  score: (o) => o.score,
  agree: (a, b) => a.isAnomaly === b.isAnomaly,
  similarity: (a, b) => 1 - Math.abs(a.score - b.score),
};

export class AnomalyProcessor implements Processor {
  constructor(
    private readonly config: AnomalyConfig,
    private readonly encoder: FeatureEncoder,
    private readonly current: ModelScorer,
    private readonly candidate: ModelScorer | undefined,
    private readonly rollout: ModelRollout<AnomalyOutcome>,
    private readonly metrics: AnomalyMetrics,
    /** Stops what the models share (the training worker). */
    private readonly release: () => Promise<void>,
  ) {}

  get models(): ModelRollout<AnomalyOutcome> {
    return this.rollout;
  }

  async process(events: LogEvent[]): Promise<LogEvent[]> {
    const width = this.encoder.width;
    const rows = new Float64Array(events.length * width);
    const scored: LogEvent[] = [];
    for (const event of events) {
      const problem = this.encoder.encode(event, rows, scored.length * width);
      if (problem === undefined) scored.push(event);
      else {
        addTag(event, FEATURE_ERROR_TAG);
        setField(event, 'error.message', `anomaly: ${problem}`);
      }
    }
    if (scored.length === 0) return events;
    // The current model scores every event, also those a canary serves: an online model learns from all of
    // them, and scoring is cheap next to the features.
    const batch = await this.rollout.run(scored, this.runner(this.current, rows, scored.length), this.candidate && this.runner(this.candidate, rows, scored.length), { currentSeesAll: true });
    // The current model failed (a candidate's failure falls back to it): the whole batch is tagged, as before roll-outs.
    const failure = batch.served.find((r) => r instanceof Error);
    if (failure !== undefined) throw failure;
    scored.forEach((event, i) => {
      const result = batch.served[i] as AnomalyOutcome | undefined;
      const role = batch.servedBy[i] as Role;
      this.rollout.stamp(event, role);
      this.write(event, 'anomaly', result);
      this.metrics.event(role, outcome(result));
      if (result?.isAnomaly) setField(event, 'event.kind', 'alert');
      if (result?.explanation !== undefined && result.explanation.length > 0) setField(event, 'anomaly.explanation', result.explanation);
      else if (result !== undefined && this.config.explain > 0 && this.scorerOf(role).unexplained !== undefined) setField(event, 'anomaly.explanation_status', 'unavailable');
      const shadow = batch.shadow?.[i];
      if (batch.shadow === undefined) return;
      this.rollout.stamp(event, 'candidate', true);
      if (shadow instanceof Error) setField(event, 'anomaly.shadow.error', shadow.message);
      else {
        this.write(event, 'anomaly.shadow', shadow);
        this.metrics.event('candidate', outcome(shadow));
      }
    });
    return events;
  }

  async close(): Promise<void> {
    this.rollout.close();
    await Promise.all([this.current.close(), this.candidate?.close()]);
    await this.release();
  }

  private scorerOf(role: Role): ModelScorer {
    return role === 'candidate' && this.candidate !== undefined ? this.candidate : this.current;
  }

  /** Scores the chosen rows of the batch (all of them without copying) and judges each score with the model's cut-offs. */
  private runner(scorer: ModelScorer, rows: Float64Array, count: number): ModelRunner<AnomalyOutcome> {
    return async (indices, serve) => {
      const width = this.encoder.width;
      let chosen = rows;
      if (indices.length !== count) {
        chosen = new Float64Array(indices.length * width);
        indices.forEach((row, k) => chosen.set(rows.subarray(row * width, (row + 1) * width), k * width));
      }
      const { scores, explanations } = await scorer.score(chosen, indices.length, serve ? this.config.explain : 0);
      return indices.map((_, k) => this.judge(scores[k], explanations[k], scorer));
    };
  }

  private judge(score: number | undefined, explanation: string[] | undefined, scorer: ModelScorer): AnomalyOutcome | undefined {
    if (score === undefined) return undefined;
    // Fixed cut-offs (severity) win over learned ones; a model with neither yet uses the fixed defaults.
    const { medium, high, critical } = this.config.severity ?? scorer.cutoffs() ?? FIXED_SEVERITY;
    const isAnomaly = score >= (this.config.threshold ?? medium);
    const severity = score >= critical ? 'critical' : score >= high ? 'high' : score >= medium ? 'medium' : 'low';
    return { score, isAnomaly, severity, explanation };
  }

  /** Writes one model's fields under `prefix`: learning while the model has no result yet. */
  private write(event: LogEvent, prefix: string, result: AnomalyOutcome | undefined): void {
    if (result === undefined) {
      setField(event, `${prefix}.status`, 'learning');
      return;
    }
    setField(event, `${prefix}.status`, 'scored');
    setField(event, `${prefix}.score`, round(result.score));
    setField(event, `${prefix}.score_100`, Math.round(result.score * 1000) / 10);
    setField(event, `${prefix}.severity`, result.severity);
    setField(event, `${prefix}.is_anomaly`, result.isAnomaly);
  }
}

function outcome(result: AnomalyOutcome | undefined): 'learning' | 'normal' | 'anomaly' {
  return result === undefined ? 'learning' : result.isAnomaly ? 'anomaly' : 'normal';
}
