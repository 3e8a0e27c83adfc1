/**
 * The built-in access-log formats, written as patterns (patterns.ts) so they get the same compiler and the
 * same diagnosis of a line that does not match. Each takes an optional trailing request time
 * (nginx `$request_time`, Apache `%D`), the usual addition to these formats.
 */
const REQUEST_TIME = '(?: %{NUMBER:event.duration})?';
const NGINX_COMBINED =
  '%{IPORHOST:source.ip} - %{NOTSPACE:user.name} \\[%{HTTPDATE:@timestamp}\\] "%{REQUEST}" %{POSINT:http.response.status_code} (?:%{POSINT:http.response.body.bytes}|-) "%{QUOTED_CONTENT:http.request.referrer}" "%{QUOTED_CONTENT:user_agent.original}"';
const APACHE_COMMON =
  '%{IPORHOST:source.ip} %{NOTSPACE} %{NOTSPACE:user.name} \\[%{HTTPDATE:@timestamp}\\] "%{REQUEST}" %{POSINT:http.response.status_code} (?:%{POSINT:http.response.body.bytes}|-)';

export const PATTERN_FORMATS = {
  /** nginx `log_format combined` (built in): `$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"`. */
  nginx_combined: NGINX_COMBINED + REQUEST_TIME,
  /** The `main` format of nginx's stock nginx.conf: combined plus `"$http_x_forwarded_for"`. */
  nginx_main: `${NGINX_COMBINED} "%{QUOTED_CONTENT:network.forwarded_ip}"${REQUEST_TIME}`,
  /** Apache `%h %l %u %t "%r" %>s %b`. */
  apache_common: APACHE_COMMON + REQUEST_TIME,
  /** Apache `%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-agent}i"`. */
  apache_combined: `${APACHE_COMMON} "%{QUOTED_CONTENT:http.request.referrer}" "%{QUOTED_CONTENT:user_agent.original}"${REQUEST_TIME}`,
  /** Apache `vhost_combined` (Debian's apache2.conf): `%v:%p` (the virtual host and port) before combined; `%O` for the size. */
  apache_vhost_combined: `%{IPORHOST:url.domain}:%{POSINT:url.port} ${APACHE_COMMON} "%{QUOTED_CONTENT:http.request.referrer}" "%{QUOTED_CONTENT:user_agent.original}"${REQUEST_TIME}`,
} as const;

export type PatternFormatName = keyof typeof PATTERN_FORMATS;
export const FORMAT_NAMES = [...(Object.keys(PATTERN_FORMATS) as PatternFormatName[]), 'pattern', 'json'] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

/** JSON keys of nginx variables (a `log_format ... escape=json` that names keys after them) and their fields. */
export const NGINX_JSON_FIELDS: Readonly<Record<string, string>> = {
  remote_addr: 'source.ip',
  remote_user: 'user.name',
  time_local: '@timestamp',
  time_iso8601: '@timestamp',
  request: 'http.request.line',
  request_method: 'http.request.method',
  request_uri: 'url.original',
  server_protocol: 'http.version',
  status: 'http.response.status_code',
  body_bytes_sent: 'http.response.body.bytes',
  http_referer: 'http.request.referrer',
  http_user_agent: 'user_agent.original',
  request_time: 'event.duration',
  http_x_forwarded_for: 'network.forwarded_ip',
  host: 'url.domain',
  server_port: 'url.port',
};

/** JSON that already holds ECS fields (nested objects or dotted keys): each is read from its own name. */
export const ECS_JSON_FIELDS: Readonly<Record<string, string>> = Object.fromEntries(
  [
    'source.ip',
    'user.name',
    '@timestamp',
    'http.request.method',
    'url.original',
    'http.version',
    'http.response.status_code',
    'http.response.body.bytes',
    'http.request.referrer',
    'user_agent.original',
    'event.duration',
    'network.forwarded_ip',
    'url.domain',
    'url.port',
  ].map((field) => [field, field]),
);

export type DurationUnit = 's' | 'ms' | 'us' | 'ns';

/** What a request time means when the config does not say: nginx logs seconds, Apache's %D microseconds, ECS nanoseconds. */
export function defaultDurationUnit(format: FormatName, jsonFields: unknown): DurationUnit {
  if (format === 'apache_common' || format === 'apache_combined' || format === 'apache_vhost_combined') return 'us';
  if (format === 'json' && jsonFields === 'ecs') return 'ns';
  return 's';
}
