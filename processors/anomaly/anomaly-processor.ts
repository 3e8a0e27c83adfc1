/**
 * The `anomaly` processor: computes each selected event's features, scores them with the configured model
 * (and a shadow model, if any) and writes `anomaly.*`: status, score s(x) in (0, 1], score_100, severity,
 * is_anomaly, explanation (or explanation_status: unavailable when the model cannot be explained) and
 * model_version; anomalies also get `event.kind: alert`. An event whose features cannot be computed is
 * tagged `anomaly_feature_error` with the reason and passes on unscored.
 */
import type { Logger } from 'pino';
import type { Processor } from '../../agent/kit.js';
import { addTag, setField, type LogEvent } from '../../agent/kit.js';
import { FIXED_SEVERITY, type AnomalyConfig } from './config.js';
import type { FeatureEncoder } from './features.js';
import type { AnomalyMetrics } from './metrics.js';
import type { ModelScorer } from './scorers.js';

const FEATURE_ERROR_TAG = 'anomaly_feature_error';
const COMPARISON_LOG_EVERY = 10_000;

const round = (x: number) => Math.round(x * 10_000) / 10_000;
const outcome = (isAnomaly: boolean | undefined) => (isAnomaly === undefined ? 'learning' : isAnomaly ? 'anomaly' : 'normal');

export class AnomalyProcessor implements Processor {
  private readonly shadowStats = { compared: 0, agreed: 0, absoluteDifference: 0, lastLogged: 0 };

  constructor(
    private readonly config: AnomalyConfig,
    private readonly encoder: FeatureEncoder,
    private readonly primary: ModelScorer,
    private readonly shadow: ModelScorer | undefined,
    private readonly logger: Logger,
    private readonly metrics: AnomalyMetrics,
    /** Stops what the models share (the training worker). */
    private readonly release: () => Promise<void>,
  ) {}

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
    const [{ scores, explanations }, shadowResult] = await Promise.all([
      this.primary.score(rows, scored.length, this.config.explain),
      this.shadow?.score(rows, scored.length, 0),
    ]);
    const shadowScores = shadowResult?.scores;
    scored.forEach((event, i) => {
      const score = scores[i];
      const isAnomaly = this.write(event, 'anomaly', score, this.primary);
      this.metrics.event('primary', outcome(isAnomaly));
      if (isAnomaly) setField(event, 'event.kind', 'alert');
      const explanation = explanations[i];
      if (score !== undefined && isAnomaly !== undefined && explanation !== undefined && explanation.length > 0) setField(event, 'anomaly.explanation', explanation);
      else if (isAnomaly !== undefined && this.config.explain > 0 && this.primary.unexplained !== undefined) setField(event, 'anomaly.explanation_status', 'unavailable');
      if (this.shadow && shadowScores) {
        const shadowAnomaly = this.write(event, 'anomaly.shadow', shadowScores[i], this.shadow);
        this.metrics.event('shadow', outcome(shadowAnomaly));
        this.compare(score, isAnomaly, shadowScores[i], shadowAnomaly);
      }
    });
    return events;
  }

  async close(): Promise<void> {
    if (this.shadowStats.compared > this.shadowStats.lastLogged) this.logComparison();
    await Promise.all([this.primary.close(), this.shadow?.close()]);
    await this.release();
  }

  /** Writes one model's fields under `prefix`; returns is_anomaly (undefined while learning). */
  private write(event: LogEvent, prefix: string, score: number | undefined, scorer: ModelScorer): boolean | undefined {
    setField(event, `${prefix}.model_version`, scorer.version);
    if (score === undefined) {
      setField(event, `${prefix}.status`, 'learning');
      return undefined;
    }
    // Fixed cut-offs (severity) win over learned ones; a model with neither yet uses the fixed defaults.
    const { medium, high, critical } = this.config.severity ?? scorer.cutoffs() ?? FIXED_SEVERITY;
    const isAnomaly = score >= (this.config.threshold ?? medium);
    setField(event, `${prefix}.status`, 'scored');
    setField(event, `${prefix}.score`, round(score));
    setField(event, `${prefix}.score_100`, Math.round(score * 1000) / 10);
    setField(event, `${prefix}.severity`, score >= critical ? 'critical' : score >= high ? 'high' : score >= medium ? 'medium' : 'low');
    setField(event, `${prefix}.is_anomaly`, isAnomaly);
    return isAnomaly;
  }

  private compare(score: number | undefined, isAnomaly: boolean | undefined, shadowScore: number | undefined, shadowAnomaly: boolean | undefined): void {
    if (score === undefined || shadowScore === undefined) return;
    const stats = this.shadowStats;
    stats.compared++;
    if (isAnomaly === shadowAnomaly) stats.agreed++;
    stats.absoluteDifference += Math.abs(score - shadowScore);
    this.metrics.compared(isAnomaly === shadowAnomaly, Math.abs(score - shadowScore));
    if (stats.compared - stats.lastLogged >= COMPARISON_LOG_EVERY) this.logComparison();
  }

  private logComparison(): void {
    const stats = this.shadowStats;
    stats.lastLogged = stats.compared;
    this.logger.info(
      {
        primary: this.primary.version,
        shadow: this.shadow?.version,
        compared: stats.compared,
        is_anomaly_agreement: round(stats.agreed / stats.compared),
        mean_score_difference: round(stats.absoluteDifference / stats.compared),
      },
      'anomaly shadow model comparison',
    );
  }
}
