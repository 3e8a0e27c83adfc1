import { z } from 'zod';
import { behaviourConfig } from './behaviour/config.js';
import { DETECTORS } from './detectors.js';
import { exclusionConfig } from './exclusions.js';
import { METHOD_DETECTOR } from './method-policy.js';
import { payloadModelConfig } from './model/config.js';

const FIELD_NAME = z.string().regex(/^[A-Za-z_@][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/, 'expected a field name such as url.original');

export const httpThreatConfig = z.strictObject({
  url_field: FIELD_NAME.default('url.original').meta({ description: 'Field holding the request target (path and query, as sent). Events without it, and without a user agent or referrer, pass untouched.' }),
  user_agent_field: FIELD_NAME.default('user_agent.original').meta({ description: 'Field holding the User-Agent header.' }),
  referrer_field: FIELD_NAME.default('http.request.referrer').meta({ description: 'Field holding the Referer header.' }),
  host_field: FIELD_NAME.default('url.domain').meta({
    description: 'Field holding the host the request was sent to (the Host header: nginx `$host`, Apache `%v`, parse_access_log writes it to url.domain). With it or site_hosts, a Referer from another site counts as off-site.',
  }),
  method_field: FIELD_NAME.default('http.request.method').meta({ description: 'Field holding the request method.' }),
  allowed_methods: z
    .array(z.string().regex(/^[A-Za-z][A-Za-z-]*$/, 'expected a method name such as GET').transform((method) => method.toUpperCase()))
    .min(1)
    .optional()
    .meta({
      description:
        'The methods the site serves, e.g. [GET, HEAD, POST, OPTIONS] (CRS\'s default policy); a request with another method is reported (protocol-method-not-allowed, medium). Unset: every method registered for HTTP is allowed (WebDAV\'s too), so only invented ones (FOO, TRACK) are reported.',
    }),
  site_hosts: z
    .array(z.string().min(1))
    .default([])
    .meta({
      description:
        'The site\'s own host names (subdomains included), e.g. [shop.example.com]. A session id passed in the URL is reported as fixation when the Referer is absent or from a host outside these and the request\'s own host; with neither known, only a request without a Referer is reported. List partners that link back with a session id (a payment page returning with session_id) here too.',
    }),
  alert_threshold: z
    .number()
    .gt(0)
    .max(1)
    .default(0.5)
    .meta({ description: 'threat.score from which an event is marked an alert (event.kind: alert, rule.name). One medium detection scores 0.5, high 0.8, critical 0.95; low ones (0.3) alert only together.' }),
  decode_rounds: z.int().min(1).max(5).default(3).meta({ description: 'URL-decoding rounds, so double and triple encoding is seen through.' }),
  decode_base64: z
    .boolean()
    .default(true)
    .meta({
      description:
        'Also read what runs of base64 in a value decode to (node-serialize payloads, PHP in data: URIs), with the detectors of code. About 5–7 % more CPU per ordinary line; false leaves them unread.',
    }),
  max_length: z.int().positive().default(8192).meta({ description: 'Only the first max_length characters of each field are analysed (bounds the cost of a hostile line).' }),
  disabled: z
    .array(z.string().refine((id) => id === METHOD_DETECTOR || DETECTORS.some((det) => det.id === id), { message: 'not a detector id of http_threat' }))
    .default([]).meta({ description: 'Detector ids to switch off (see docs/processors.md), e.g. [scanner-ua].' }),
  exclusions: z
    .array(exclusionConfig)
    .default([])
    .meta({
      description:
        'Query parameters not analysed on a route, e.g. [{path: /docs/search, params: [q]}] for a site whose users search for code: path matches that path and those under it (/docs/search/v2), params are compared after percent-decoding and a name covers its bracketed keys (filters covers filters[price][$gt]). An attack in an excluded parameter goes unseen; the rest of the request is scored. The proxy checks use the same exclusions.',
    }),
  model: payloadModelConfig.optional().meta({ description: 'A learned payload model beside the rules: logistic regression on hashed character n-grams of the normalised fields, trained from examples_file when the processor starts; its detections are reasons with detector payload-model.' }),
  behaviour: behaviourConfig
    .optional()
    .meta({ description: 'Per-client behaviour in sliding windows (rate, errors, distinct paths, failed logins, probe paths), scored with an online isolation forest; off when absent.' }),
});

export type HttpThreatConfig = z.output<typeof httpThreatConfig>;
