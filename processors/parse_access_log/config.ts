import { z } from 'zod';
import { FORMAT_NAMES } from './formats.js';
import { compilePattern, PatternError } from './patterns.js';

const FIELD_NAME = /^(@timestamp|[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*)$/;

export const parseAccessLogConfig = z
  .strictObject({
    format: z
      .enum(FORMAT_NAMES)
      .default('nginx_combined')
      .meta({ description: 'Log format: nginx_combined, nginx_main (combined + "$http_x_forwarded_for"), apache_common, apache_combined, apache_vhost_combined (`%v:%p` + combined: the host goes to url.domain), pattern (your own, in `pattern`) or json (one JSON object per line, keys mapped by `json_fields`).' }),
    field: z.string().min(1).default('message').meta({ description: 'Field holding the access-log line.' }),
    pattern: z
      .string()
      .min(1)
      .optional()
      .meta({ description: 'With format: pattern: the whole line as regular-expression text with %{NAME:field} tokens, e.g. `%{IPORHOST:source.ip} \\[%{HTTPDATE:@timestamp}\\] "%{REQUEST}" %{POSINT:http.response.status_code}`.' }),
    json_fields: z
      .union([z.enum(['nginx', 'ecs']), z.record(z.string().min(1), z.string().regex(FIELD_NAME, 'expected a field name such as source.ip'))])
      .default('nginx')
      .meta({ description: 'With format: json: which key holds which field. nginx: keys named after nginx variables (remote_addr, time_local, request, status, ...); ecs: keys that are already ECS names; or a mapping {json key: field}.' }),
    request_time_unit: z
      .enum(['s', 'ms', 'us', 'ns'])
      .optional()
      .meta({ description: 'Unit of the request time written to event.duration (in nanoseconds). Default: us for the apache formats (%D), ns for json_fields: ecs, s otherwise ($request_time).' }),
    max_length: z
      .int()
      .positive()
      .default(65_536)
      .meta({ description: 'Longer lines are tagged access_log_parse_failure without being matched (an nginx line with default header buffers stays well under it).' }),
  })
  .superRefine((config, ctx) => {
    if (config.format === 'pattern' && config.pattern === undefined) ctx.addIssue({ code: 'custom', path: ['pattern'], message: 'format: pattern needs a pattern' });
    if (config.format !== 'pattern' && config.pattern !== undefined) ctx.addIssue({ code: 'custom', path: ['pattern'], message: 'pattern is only read with format: pattern' });
    if (config.pattern === undefined) return;
    try {
      compilePattern(config.pattern);
    } catch (error) {
      if (!(error instanceof PatternError)) throw error;
      ctx.addIssue({ code: 'custom', path: ['pattern'], message: error.message });
    }
  });

export type ParseAccessLogConfig = z.output<typeof parseAccessLogConfig>;
