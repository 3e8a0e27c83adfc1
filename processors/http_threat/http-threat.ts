/**
 * Scores the payload of an access-log event for attacks: the request target, User-Agent and Referer are
 * normalised the way a WAF does and matched against the detectors; a match adds a reason and its weight
 * to threat.score, and a score at or over alert_threshold makes the event an alert. An event with nothing
 * to analyse, or with no match, is left as it was (no threat.* fields).
 */
import { getField, setField, type FieldValue, type LogEvent, type Processor } from '../../agent/kit.js';
import { base64Payloads, DECODED_DETECTORS } from './base64-payloads.js';
import type { BehaviourVerdict } from './behaviour/behaviour-scorer.js';
import { withBehaviour } from './behaviour/combine.js';
import type { HttpThreatConfig } from './config.js';
import { DETECTORS, SEVERITY_WEIGHT, type Detector, type Severity, type Source } from './detectors.js';
import { detectorTable, matchTable, type DetectorTable } from './detector-table.js';
import { Exclusions } from './exclusions.js';
import { normalise } from './normalise.js';
import { METHOD_DETECTOR, MethodPolicy } from './method-policy.js';
import { MODEL_DETECTOR, modelVerdict, type PayloadModel } from './model/payload-model.js';
import { SiteReferrer } from './site-referrer.js';

const FRAGMENT_LENGTH = 64;
/** User-Agent and Referer values repeat across requests; their matches are remembered, up to this many. */
const CACHE_SIZE = 4096;

interface Match {
  det: Detector;
  fragment: string;
}
const NO_MATCHES: readonly Match[] = [];
/** What one field gave: the rules it matched, and its share of the payload model's margin (0 without one). */
interface Analysis {
  matches: readonly Match[];
  margin: number;
  /** The normalised text the model read, kept to explain a model detection. */
  text: string;
}
const SOURCES: readonly Source[] = ['url', 'user_agent', 'referrer'];

export interface ThreatReason {
  detector: string;
  class: string;
  /** The matched text, normalised (decoded, lower case), cut at 64 characters. */
  fragment: string;
  /** Where it was found: a payload field, `method`, or `client` for a behaviour verdict. */
  field: Source | 'method' | 'client';
}

export interface ThreatVerdict {
  score: number;
  reasons: ThreatReason[];
  /** The heaviest detector that matched, reported as rule.name. */
  top: { readonly id: string; readonly class: string };
}

export function severityOf(score: number): Severity {
  return score >= 0.9 ? 'critical' : score >= 0.7 ? 'high' : score >= 0.4 ? 'medium' : 'low';
}

export class HttpThreat implements Processor {
  /** Per source, the detectors that read it, chosen once. */
  private readonly bySource: Readonly<Record<Source, DetectorTable>>;
  /** Per source, the detectors that also read what a value's base64 runs decode to. */
  private readonly decodedBySource: Readonly<Record<Source, DetectorTable>>;
  /** The matches of the value being analysed, collected by matchTable's callback. */
  private found: Match[] | undefined;
  private readonly collect = (det: Detector, match: RegExpExecArray): void => {
    (this.found ??= []).push({ det, fragment: match[0].slice(0, FRAGMENT_LENGTH) });
  };
  /** The same for a match in decoded base64, whose fragment says so (it is not in the value as logged). */
  private readonly collectDecoded = (det: Detector, match: RegExpExecArray): void => {
    (this.found ??= []).push({ det, fragment: `base64:${match[0]}`.slice(0, FRAGMENT_LENGTH) });
  };
  private readonly fields: Readonly<Record<Source, string>>;
  /** Remembered analyses of User-Agent and Referer values, one map each (keyed by the value itself, no per-event key string). */
  private readonly cache: Readonly<Record<'user_agent' | 'referrer', Map<string, Analysis>>> = { user_agent: new Map(), referrer: new Map() };
  private readonly texts: Partial<Record<Source, string>> = {};
  /** The URL's analysis, reused for every event (URLs rarely repeat, so they are not cached). */
  private readonly urlAnalysis: Analysis = { matches: [], margin: 0, text: '' };
  private readonly site: SiteReferrer;
  /** Undefined without exclusions, so that the common case costs one comparison. */
  private readonly exclusions: Exclusions | undefined;
  /** Undefined when the method detector is disabled. */
  private readonly methods: MethodPolicy | undefined;

  constructor(
    private readonly config: HttpThreatConfig,
    private readonly model?: PayloadModel,
  ) {
    const disabled = new Set(config.disabled);
    const enabled = DETECTORS.filter((det) => !disabled.has(det.id));
    const reads = (source: Source) => (det: Detector) => det.sources === undefined || det.sources.includes(source);
    const tableOf = (source: Source) => detectorTable(enabled.filter(reads(source)));
    const decodedTableOf = (source: Source) => detectorTable(enabled.filter((det) => DECODED_DETECTORS.has(det.id) && reads(source)(det)));
    this.bySource = { url: tableOf('url'), user_agent: tableOf('user_agent'), referrer: tableOf('referrer') };
    this.decodedBySource = { url: decodedTableOf('url'), user_agent: decodedTableOf('user_agent'), referrer: decodedTableOf('referrer') };
    this.fields = { url: config.url_field, user_agent: config.user_agent_field, referrer: config.referrer_field };
    this.site = new SiteReferrer(config.site_hosts);
    this.methods = disabled.has(METHOD_DETECTOR) ? undefined : new MethodPolicy(config.allowed_methods);
    this.exclusions = config.exclusions.length === 0 ? undefined : new Exclusions(config.exclusions);
  }

  process(events: LogEvent[]): LogEvent[] {
    return this.scoreAll(events, undefined);
  }

  /** Scores each event's payload, adds its client's behaviour verdict (by event; behaviour/) and writes the result. */
  scoreAll(events: LogEvent[], behaviour: readonly (BehaviourVerdict | undefined)[] | undefined): LogEvent[] {
    for (let i = 0; i < events.length; i++) {
      const event = events[i] as LogEvent;
      const client = behaviour?.[i];
      const config = this.config;
      const payload = this.score(
        getField(event, this.fields.url),
        getField(event, this.fields.user_agent),
        getField(event, this.fields.referrer),
        getField(event, config.host_field),
        this.methods === undefined ? undefined : getField(event, config.method_field),
      );
      const verdict = client === undefined ? payload : withBehaviour(payload, client, this.config.behaviour?.weight ?? 0);
      if (verdict === undefined) continue;
      this.write(event, verdict);
      if (client !== undefined) setField(event, 'threat.client', { ...client.client, behaviour_score: Math.round(client.score * 1000) / 1000 });
    }
    return events;
  }

  /**
   * The verdict on one request's fields (`host`: the host it was sent to, `method`: its method, when known),
   * undefined when no detector matched.
   */
  score(url: FieldValue | undefined, userAgent: FieldValue | undefined, referrer: FieldValue | undefined, host?: FieldValue, method?: FieldValue): ThreatVerdict | undefined {
    let reasons: ThreatReason[] | undefined;
    let seen: Set<string> | undefined;
    let clean = 1;
    let top: ThreatVerdict['top'] | undefined;
    let topWeight = 0;
    // The model's margin is the largest field share (PayloadModel.requestMargin).
    let margin = -Infinity;
    let analysed = false;
    for (let s = 0; s < SOURCES.length; s++) {
      const source = SOURCES[s] as Source;
      const field = s === 0 ? url : s === 1 ? userAgent : referrer;
      const value = typeof field === 'string' ? this.withoutExcluded(source, field) : field;
      if (typeof value !== 'string' || value === '' || value === '-') {
        this.texts[source] = undefined;
        continue;
      }
      const analysis = this.analyse(source, value);
      this.texts[source] = analysis.text;
      if (analysis.margin > margin) margin = analysis.margin;
      analysed = true;
      for (const { det, fragment } of analysis.matches) {
        if (seen?.has(det.id)) continue;
        if (det.offSiteReferrer === true && !this.site.isOffSite(referrer, host)) continue;
        (reasons ??= []).push({ detector: det.id, class: det.class, fragment, field: source });
        (seen ??= new Set()).add(det.id);
        const weight = SEVERITY_WEIGHT[det.severity];
        clean *= 1 - weight;
        if (top === undefined || weight > topWeight) [top, topWeight] = [det, weight];
      }
    }
    if (this.methods?.isReported(method) === true) {
      (reasons ??= []).push({ detector: METHOD_DETECTOR, class: 'protocol', fragment: method.slice(0, FRAGMENT_LENGTH), field: 'method' });
      const weight = SEVERITY_WEIGHT.medium;
      clean *= 1 - weight;
      if (top === undefined || weight > topWeight) [top, topWeight] = [{ id: METHOD_DETECTOR, class: 'protocol' }, weight];
    }
    if (this.model !== undefined && analysed) {
      const found = modelVerdict(this.model, margin, this.texts);
      if (found !== undefined) {
        (reasons ??= []).push(found.reason);
        clean *= 1 - found.weight;
        if (top === undefined || found.weight > topWeight) top = { id: MODEL_DETECTOR, class: found.reason.class };
      }
    }
    if (reasons === undefined || top === undefined) return undefined;
    return { score: Math.round((1 - clean) * 1000) / 1000, reasons, top };
  }

  /** The value without the parameters `exclusions` names: of the request target, and of a Referer's URL. */
  private withoutExcluded(source: Source, value: string): string {
    if (this.exclusions === undefined || source === 'user_agent') return value;
    return source === 'url' ? this.exclusions.apply(value) : this.exclusions.applyToUrl(value);
  }

  /** The detectors that match one value and its model share; remembered for the User-Agent and Referer, which repeat. */
  private analyse(source: Source, value: string): Analysis {
    const cache = source === 'url' ? undefined : this.cache[source];
    if (cache !== undefined) {
      const known = cache.get(value);
      if (known !== undefined) return known;
    }
    const views = normalise(value.length > this.config.max_length ? value.slice(0, this.config.max_length) : value, this.config.decode_rounds);
    this.found = undefined;
    matchTable(this.bySource[source], views, this.collect);
    const payloads = this.config.decode_base64 ? base64Payloads(views.raw) : undefined;
    if (payloads !== undefined) for (const payload of payloads) matchTable(this.decodedBySource[source], normalise(payload, this.config.decode_rounds), this.collectDecoded);
    const found = this.found;
    const margin = this.model?.fieldMargin(source, views.text) ?? 0;
    if (cache === undefined) {
      this.urlAnalysis.matches = found ?? NO_MATCHES;
      this.urlAnalysis.margin = margin;
      this.urlAnalysis.text = views.text;
      return this.urlAnalysis;
    }
    const result: Analysis = { matches: found ?? NO_MATCHES, margin, text: views.text };
    if (cache.size >= CACHE_SIZE) cache.clear();
    cache.set(value, result);
    return result;
  }

  private write(event: LogEvent, verdict: ThreatVerdict): void {
    setField(event, 'threat', {
      score: verdict.score,
      severity: severityOf(verdict.score),
      reasons: verdict.reasons.map((r) => ({ detector: r.detector, class: r.class, fragment: r.fragment, field: r.field })),
    });
    if (verdict.score < this.config.alert_threshold) return;
    setField(event, 'event.kind', 'alert');
    setField(event, 'event.category', ['intrusion_detection', 'web']);
    setField(event, 'rule.name', verdict.top.id);
    setField(event, 'rule.category', verdict.top.class);
  }
}
