/**
 * Where each event goes in a bulk request: the action line (data stream or dated index, optional _id) and
 * the document itself, with `data_stream.*` fields added for data streams. Events are shared with other
 * outputs, so nothing is added to the event object: the fields are spliced into the encoded document.
 */
import { getField, type LogEvent } from '../../kit.js';
import type { JsonByteWriter } from '../codecs/json-byte-writer.js';
import type { ElasticsearchOutputConfig } from './config.js';

const DATE_PATTERN = /%\{\+([^}]+)\}/;

export class BulkTarget {
  readonly dataStream: boolean;
  /** Index or data stream name, or the part before a date pattern. */
  private readonly prefix: string;
  private readonly dateFormat: string | undefined;
  private readonly suffix: string;
  /** `"data_stream":{...}` as bytes, spliced into documents that lack the field. */
  private readonly dataStreamFields: Uint8Array | undefined;
  private readonly op: 'create' | 'index';
  private cachedDay = '';
  /** The action line (and its newline) for the last index without an _id, as bytes: most items share it. */
  private cachedAction: Uint8Array = new Uint8Array(0);

  constructor(private readonly config: ElasticsearchOutputConfig) {
    this.dataStream = config.index === undefined;
    if (config.index === undefined) {
      const { dataset, namespace } = config.data_stream;
      this.prefix = `logs-${dataset}-${namespace}`;
      this.dateFormat = undefined;
      this.suffix = '';
      this.dataStreamFields = Buffer.from(`"data_stream":${JSON.stringify({ type: 'logs', dataset, namespace })}`, 'utf8');
      this.op = 'create'; // data streams only accept create
    } else {
      const match = DATE_PATTERN.exec(config.index);
      this.prefix = match ? config.index.slice(0, match.index) : config.index;
      this.dateFormat = match?.[1];
      this.suffix = match ? config.index.slice(match.index + match[0].length) : '';
      this.dataStreamFields = undefined;
      this.op = 'index'; // with an _id, re-sending overwrites the same document
    }
  }

  /** Index patterns the index template must cover. */
  templatePatterns(): string[] {
    if (this.dataStream) return [`logs-${this.config.data_stream.dataset}-*`];
    return [`${this.prefix}${this.dateFormat === undefined ? '' : '*'}${this.suffix}`];
  }

  /** Default index template name, one per target: sidecar-ai-logs-sidecar, sidecar-ai-app-logs, ... */
  templateName(): string {
    const pattern = this.templatePatterns()[0] ?? this.prefix;
    return `sidecar-ai-${pattern.replace(/\*/g, '').replace(/[-_.]+$/, '')}`;
  }

  /** Whether the bulk item outcome for a duplicate means "already stored" (create with an _id). */
  get createsWithId(): boolean {
    return this.op === 'create' && this.config.id_field !== undefined;
  }

  /** Writes the action line and the document, each followed by a newline. */
  writeItem(event: LogEvent, writer: JsonByteWriter): void {
    const index = this.indexFor(event);
    const id = this.config.id_field === undefined ? undefined : getField(event, this.config.id_field);
    if (id === undefined || id === null || typeof id === 'object') {
      if (index !== this.cachedDay) {
        this.cachedDay = index;
        this.cachedAction = Buffer.from(`{"${this.op}":{"_index":${JSON.stringify(index)}}}\n`, 'utf8');
      }
      writer.encoded(this.cachedAction);
    } else {
      writer.raw(`{"${this.op}":{"_index":${JSON.stringify(index)},"_id":${JSON.stringify(String(id))}}}`);
      writer.newline();
    }
    const leading = event.data_stream === undefined ? this.dataStreamFields : undefined;
    writer.object(event as unknown as Record<string, unknown>, leading);
    writer.newline();
  }

  private indexFor(event: LogEvent): string {
    if (this.dateFormat === undefined) return this.prefix;
    const ts = event['@timestamp'];
    const iso = typeof ts === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}/.test(ts) ? ts : new Date().toISOString();
    const date = this.dateFormat
      .replace('yyyy', iso.slice(0, 4))
      .replace('MM', iso.slice(5, 7))
      .replace('dd', iso.slice(8, 10))
      .replace('HH', iso.slice(11, 13));
    return `${this.prefix}${date}${this.suffix}`;
  }
}
