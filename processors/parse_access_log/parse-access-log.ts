/**
 * Parses web-server access-log lines (nginx, Apache, a pattern of your own, JSON) into ECS fields. A line that
 * does not parse is kept, tagged `access_log_parse_failure` and given an `error.message` that says which part
 * failed and where; a request line that is not `METHOD target HTTP/x` is kept raw and tagged
 * `access_log_malformed_request`, the rest of the line parsed as usual.
 */
import type { Processor } from '../../agent/kit.js';
import { getField, type LogEvent } from '../../agent/kit.js';
import type { ParseAccessLogConfig } from './config.js';
import { EcsFields, fail } from './ecs-fields.js';
import { defaultDurationUnit, ECS_JSON_FIELDS, NGINX_JSON_FIELDS, PATTERN_FORMATS } from './formats.js';
import { JsonLineFormat, PatternLineFormat, type LineFormat } from './line-formats.js';
import { compilePattern } from './patterns.js';

export class ParseAccessLog implements Processor {
  private readonly fields: EcsFields;
  private readonly format: LineFormat;

  constructor(private readonly config: ParseAccessLogConfig) {
    const { format, json_fields: jsonFields } = config;
    this.fields = new EcsFields(config.request_time_unit ?? defaultDurationUnit(format, jsonFields));
    if (format === 'json') {
      const mapping = jsonFields === 'nginx' ? NGINX_JSON_FIELDS : jsonFields === 'ecs' ? ECS_JSON_FIELDS : jsonFields;
      this.format = new JsonLineFormat(mapping, this.fields);
    } else if (format === 'pattern') {
      // The schema compiled it already; a config that reached here has one.
      this.format = new PatternLineFormat('pattern', compilePattern(config.pattern as string), this.fields);
    } else {
      this.format = new PatternLineFormat(format, compilePattern(PATTERN_FORMATS[format]), this.fields);
    }
  }

  process(events: LogEvent[]): LogEvent[] {
    for (const event of events) this.parseOne(event);
    return events;
  }

  private parseOne(event: LogEvent): void {
    const { field, max_length: maxLength } = this.config;
    const line = field === 'message' ? event.message : getField(event, field);
    if (typeof line !== 'string') {
      fail(event, line === undefined ? `field ${field} is missing` : `field ${field} is not a string`);
      return;
    }
    if (line.length > maxLength) {
      fail(event, `the line is ${line.length} characters long, over max_length (${maxLength}); not matched`);
      return;
    }
    if (this.format.parse(event, line)) this.fields.markAccess(event);
  }
}
