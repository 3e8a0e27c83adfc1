/**
 * What each route does with the agent's own processor instances: build events from the request, run the
 * configured processors in order (their `when:` does not apply: the caller chose them), optionally emit the
 * results to the outputs, and shape the answer; and the model routes, which show, promote and roll back the
 * processors' candidate models through the processor contract (ModelControl).
 */
import type { z } from 'zod';
import type { ApiConfig } from '../../config/api-schema.js';
import type { ModelControl, ModelStatus } from '../component.js';
import { SidecarError } from '../errors.js';
import { getField, type FieldValue, type LogEvent } from '../event.js';
import type { ProcessorStage } from '../runtime/processor-stage.js';
import type { BodyOf, processRequest, ticketResult, ticketsRequest, transactionResult, transactionsRequest } from './schemas.js';

export interface HandlerDeps {
  readonly config: ApiConfig;
  /** The processors running now (a reload may have swapped them). */
  processors(): readonly ProcessorStage[];
  /** Sends processed events to the outputs; resolves when every output acknowledged them. */
  deliver(events: LogEvent[]): Promise<void>;
}

export interface Answer<T> {
  readonly results: T[];
  readonly single: boolean;
  readonly acknowledged?: string;
}

export class ApiHandlers {
  constructor(private readonly deps: HandlerDeps) {}

  async process(name: string, body: BodyOf<typeof processRequest>): Promise<Answer<LogEvent>> {
    const ids = this.deps.config.pipelines[name];
    if (ids === undefined) throw new SidecarError('API_NOT_FOUND', `no pipeline "${name}" under api.pipelines (configured: ${Object.keys(this.deps.config.pipelines).join(', ') || 'none'})`);
    const events = ('events' in body ? body.events : [body.event]).map((e) => ({ '@timestamp': new Date().toISOString(), ...e }) as LogEvent);
    const out = await this.run(ids, events);
    return this.answer(out, out, !('events' in body), body.emit);
  }

  async tickets(body: BodyOf<typeof ticketsRequest>): Promise<Answer<z.output<typeof ticketResult>>> {
    const ids = this.route(this.deps.config.tickets, 'tickets');
    const items = 'tickets' in body ? body.tickets : [{ id: body.id, subject: body.subject ?? '', body: body.body }];
    const now = new Date().toISOString();
    // The same shape as a ticket the application logs (the text in message, the subject beside it), so the
    // same chain gives the same answer for both; ticket_clean keeps the original in ticket.body.
    const events = items.map((t): LogEvent => ({ '@timestamp': now, message: t.body, ticket: strip({ id: t.id, subject: t.subject === '' ? undefined : t.subject }) as Record<string, FieldValue> }));
    const out = await this.run(ids, events);
    const results = out.map((e) =>
      strip({
        id: str(getField(e, 'ticket.id')),
        tags: (getField(e, 'ticket.tags') as string[] | undefined) ?? [],
        tag_scores: (getField(e, 'ticket.tag_scores') as Record<string, number> | undefined) ?? {},
        tags_confidence: str(getField(e, 'ticket.tags_confidence')),
        priority: str(getField(e, 'ticket.priority')),
        sentiment: str(getField(e, 'ticket.sentiment')),
        language: str(getField(e, 'ticket.language')),
        entities: getField(e, 'ticket.entities') as Record<string, string[]> | undefined,
        summary: str(getField(e, 'ticket.summary')),
        text: e.message,
        model_versions: versionsOf(e),
        error: str(getField(e, 'error.message')),
      }) as z.output<typeof ticketResult>,
    );
    return this.answer(results, out, !('tickets' in body), body.emit);
  }

  async transactions(body: BodyOf<typeof transactionsRequest>): Promise<Answer<z.output<typeof transactionResult>>> {
    const ids = this.route(this.deps.config.transactions, 'transactions');
    const items = 'transactions' in body ? body.transactions : [{ transaction: body.transaction, '@timestamp': body['@timestamp'] }];
    const now = new Date().toISOString();
    const events = items.map((t): LogEvent => ({ '@timestamp': t['@timestamp'] ?? now, message: '', transaction: t.transaction as FieldValue }));
    const out = await this.run(ids, events);
    const results = out.map((e) =>
      strip({
        score: num(getField(e, 'anomaly.score_100')),
        severity: str(getField(e, 'anomaly.severity')),
        is_anomaly: getField(e, 'anomaly.is_anomaly') as boolean | undefined,
        status: str(getField(e, 'anomaly.status')),
        explanation: getField(e, 'anomaly.explanation'),
        model_version: str(getField(e, 'anomaly.model_version')),
        error: str(getField(e, 'error.message')),
      }) as z.output<typeof transactionResult>,
    );
    return this.answer(results, out, !('transactions' in body), body.emit);
  }

  /** A proxy check: the request's event through api.http_check.processors; a processor that drops it leaves it as it was. */
  async check(event: LogEvent): Promise<LogEvent> {
    const ids = this.route(this.deps.config.http_check?.processors, 'http_check');
    const [out] = await this.run(ids, [event]);
    return out ?? event;
  }

  /** Every processor with models: versions, roll-out state and the comparison figures. */
  models(): { models: ModelStatus[] } {
    return { models: this.deps.processors().flatMap((stage) => (stage.models === undefined ? [] : [stage.models.status()])) };
  }

  model(id: string): ModelStatus {
    return this.control(id).status();
  }

  promote(id: string): Promise<ModelStatus> {
    return this.control(id).promote();
  }

  rollback(id: string): Promise<ModelStatus> {
    return this.control(id).rollback();
  }

  private control(id: string): ModelControl {
    const running = this.deps.processors();
    const models = running.find((p) => p.id === id)?.models;
    if (models === undefined) {
      const known = running.filter((p) => p.models !== undefined).map((p) => p.id);
      throw new SidecarError('API_NOT_FOUND', `no processor with models has id "${id}" (processors with models: ${known.join(', ') || 'none'})`);
    }
    return models;
  }

  private route(ids: string[] | undefined, name: string): string[] {
    if (ids === undefined) throw new SidecarError('API_UNAVAILABLE', `api.${name} is not configured: list the processor ids this route runs`);
    return ids;
  }

  private async run(ids: readonly string[], events: LogEvent[]): Promise<LogEvent[]> {
    const running = this.deps.processors();
    let current = events;
    for (const id of ids) {
      const stage = running.find((p) => p.id === id);
      if (stage === undefined) throw new SidecarError('API_UNAVAILABLE', `processor "${id}" is not running`);
      current = await stage.runAll(current);
    }
    return current;
  }

  private async answer<T>(results: T[], events: LogEvent[], single: boolean, emit: boolean | undefined): Promise<Answer<T>> {
    if (!(emit ?? this.deps.config.emit)) return { results, single };
    try {
      await this.deps.deliver(events);
    } catch (error) {
      throw new SidecarError('API_UNAVAILABLE', `the agent stopped before the outputs acknowledged the items (${error instanceof Error ? error.message : String(error)})`);
    }
    return { results, single, acknowledged: new Date().toISOString() };
  }
}

/** The ticket processors' model versions on an event; undefined when neither ran. */
function versionsOf(event: LogEvent): { tagger?: string; priority?: string; sentiment?: string; summarizer?: string } | undefined {
  const versions = strip({
    tagger: str(getField(event, 'ticket.tagger.model_version')),
    priority: str(getField(event, 'ticket.tagger.priority.model_version')),
    sentiment: str(getField(event, 'ticket.tagger.sentiment.model_version')),
    summarizer: str(getField(event, 'ticket.summarizer.model_version')),
  });
  return Object.keys(versions).length === 0 ? undefined : versions;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

/** Leaves out undefined members, so answers and events carry only what is known. */
function strip<T extends Record<string, unknown>>(value: T): T {
  for (const key of Object.keys(value)) if (value[key] === undefined) delete value[key];
  return value;
}
