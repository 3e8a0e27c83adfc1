/**
 * redact throughput on a realistic mix of log lines: nginx access lines (IPv4 and IPv6 clients), application
 * text logs with order ids, amounts, trace and span ids, JSON logs with epoch-millisecond timestamps and
 * 10-digit order ids, Kubernetes controller lines with versions and UUIDs, and one line in ten a support
 * text with personal data (phone numbers in several formats, emails, cards, IBANs). Every line is an event
 * with the usual ECS fields, redacted with `fields: []` (every string), in batches of 1000, on one core.
 * CPU µs per line is the process's user + system CPU time over the timed loop (GC threads included).
 * The phone detector runs with libphonenumber-js's full ("max", the default) and its "min" metadata, and a
 * second table scores both on the redaction corpus (processors/redact/testdata/corpus.yaml): phone numbers
 * found in their region, negative lines changed in any region.
 * Usage:
 *   npm run build --silent && node dist/bench/redact.js [--lines 100000 --runs 5 --config '{"default_region":"DE"}' --with-ip]
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { MetadataJson } from 'libphonenumber-js/core';
import maxMetadata from 'libphonenumber-js/metadata.max.json';
import minMetadata from 'libphonenumber-js/metadata.min.json';
import { parse } from 'yaml';
import type { LogEvent } from '../agent/event.js';
import { redactConfig } from '../processors/redact/config.js';
import { Redact } from '../processors/redact/redact.js';
import { xorshift as random } from './xorshift.js';

const { values: options } = parseArgs({
  options: {
    lines: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '5' },
    config: { type: 'string', default: '{"default_region":"DE"}' },
    'with-ip': { type: 'boolean', default: false },
  },
});
const LINES = Number(options.lines);
const RUNS = Number(options.runs);
const BATCH = 1000;
const baseConfig = JSON.parse(options.config) as Record<string, unknown>;


const rnd = random(7);
const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;
const int = (max: number) => Math.floor(rnd() * max);
const hex = (length: number) => Array.from({ length }, () => '0123456789abcdef'[int(16)]).join('');
const digits = (length: number) => String(1 + int(9)) + Array.from({ length: length - 1 }, () => int(10)).join('');
const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;

const PHONES = ['+49 30 12345678', '0151 23456789', '+4915123456789', '(030) 123-45678', '+44 20 7946 0958', '+1 (212) 555-0147', '030/12345678'];
const PII = [
  (p: string) => `customer asked to be called back at ${p} about the late delivery`,
  () => `please refund card 4111 1111 1111 1111, customer jane.doe@example.com`,
  () => `refund to DE89 3704 0044 0532 0130 00 as agreed with the customer`,
  (p: string) => `Ticket from ${pick(['Anna', 'Jonas', 'Mia'])}: my number changed to ${p}, order ORD-2026-${digits(6)} still open`,
];

function line(i: number, epochMs: number): string {
  const r = rnd();
  const iso = new Date(epochMs).toISOString();
  if (r < 0.3) {
    const ip = rnd() < 0.15 ? `2001:db8:${hex(4)}::${hex(3)}` : `${1 + int(222)}.${int(256)}.${int(256)}.${int(256)}`;
    return `${ip} - - [02/Nov/2026:09:${String(int(60)).padStart(2, '0')}:${String(int(60)).padStart(2, '0')} +0000] "GET /api/v1/orders/${digits(10)}?page=${int(20)} HTTP/1.1" ${pick([200, 200, 304, 404])} ${int(50_000)} "-" "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0"`;
  }
  if (r < 0.55) {
    return `${iso} INFO [http-nio-8080-exec-${int(10)}] c.e.shop.OrderService - order ORD-2026-${digits(6)} created customer=${digits(10)} total=${int(10)},${digits(3)}.${int(90) + 10} EUR trace_id=${hex(32)} span_id=${hex(16)}`;
  }
  if (r < 0.8) {
    return JSON.stringify({ ts: epochMs, level: pick(['info', 'info', 'warn']), service: 'payments', msg: 'payment authorized', order_id: digits(10), amount: int(100_000) / 100, currency: 'EUR', trace_id: hex(32), duration_ms: int(400) });
  }
  if (r < 0.9) {
    return `I1102 09:03:31.${digits(6)}       1 controller.go:116] Successfully synced pod default/web-7d9c8f6b5-${hex(5)} image shop:v1.28.${int(10)} uid ${uuid()} seq ${i}`;
  }
  return pick(PII)(pick(PHONES));
}

const base = Date.UTC(2026, 10, 2, 9, 0, 0);
const lines = Array.from({ length: LINES }, (_, i) => line(i, base + i * 37));

const event = (message: string, i: number): LogEvent => ({
  '@timestamp': '2026-11-02T09:00:00.000Z',
  message,
  log: { file: { path: '/var/log/app/app.log' }, offset: i * 200 },
  host: { name: 'web-1' },
});

function batches(): LogEvent[][] {
  const out: LogEvent[][] = [];
  for (let i = 0; i < lines.length; i += BATCH) out.push(lines.slice(i, i + BATCH).map((l, j) => event(l, i + j)));
  return out;
}

interface Row {
  name: string;
  linesPerS: number;
  cpuUsPerLine: number;
  redacted: number;
}

let sink = 0;
/** Times redact over all lines RUNS times (after one warm-up round); events are rebuilt, untimed, for every run. */
function measure(name: string, config: Record<string, unknown>, metadata?: MetadataJson): Row {
  const redact = new Redact(redactConfig.parse(config), metadata);
  const samples: { wall: number; cpu: number }[] = [];
  let redacted = 0;
  for (let run = 0; run <= RUNS; run++) {
    const input = batches();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (const batch of input) sink += redact.process(batch).length;
    const wall = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    if (run > 0) samples.push({ wall, cpu: (cpu.user + cpu.system) / 1e6 });
    redacted = input.flat().filter((e) => e.tags?.includes('redacted')).length;
  }
  samples.sort((a, b) => a.wall - b.wall);
  const median = samples[Math.floor(samples.length / 2)] as { wall: number; cpu: number };
  return { name, linesPerS: LINES / median.wall, cpuUsPerLine: (median.cpu * 1e6) / LINES, redacted };
}

const variants: [string, Record<string, unknown>, MetadataJson?][] = [
  ['no detectors (walking the event only)', { ...baseConfig, detectors: [] }],
  [`default detectors, ${JSON.stringify(baseConfig)}, max metadata`, baseConfig, maxMetadata],
  [`default detectors, ${JSON.stringify(baseConfig)}, min metadata`, baseConfig, minMetadata],
];
if (options['with-ip']) variants.push([`default detectors + ip, max metadata`, { ...baseConfig, detectors: ['card', 'iban', 'email', 'phone', 'ip'] }, maxMetadata]);
const rows = variants.map(([name, config, metadata]) => measure(name, config, metadata));

interface Corpus {
  regions: string[];
  phone_templates: string[];
  phones: Record<string, string[]>;
  negatives: string[];
}
/** Phone numbers of the corpus found (whole, in every template) in their region, and negative lines changed in any region. */
function score(metadata: MetadataJson): { found: number; phones: number; changed: number; negatives: number } {
  const corpus = parse(readFileSync(path.resolve(import.meta.dirname, '../../processors/redact/testdata/corpus.yaml'), 'utf8')) as Corpus;
  const redactor = (region: string) => new Redact(redactConfig.parse({ default_region: region }), metadata);
  let found = 0;
  let phones = 0;
  for (const [region, numbers] of Object.entries(corpus.phones)) {
    const redact = redactor(region);
    for (const number of numbers) {
      phones++;
      if (corpus.phone_templates.every((t) => redact.redactText(t.replace('{}', number)) === t.replace('{}', '[REDACTED:phone]'))) found++;
    }
  }
  const redactors = corpus.regions.map(redactor);
  const changed = corpus.negatives.filter((line) => redactors.some((r) => r.redactText(line) !== line)).length;
  return { found, phones, changed, negatives: corpus.negatives.length };
}

const bytes = lines.reduce((n, l) => n + Buffer.byteLength(l) + 1, 0);
process.stdout.write(
  `redact, ${LINES.toLocaleString('en')} mixed log lines (mean ${Math.round(bytes / LINES)} bytes, 10% with personal data), batches of ${BATCH}, median of ${RUNS} runs, one core, ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}\n\n`,
);
process.stdout.write('| config | lines/s | CPU µs per line | events tagged redacted |\n| --- | --- | --- | --- |\n');
for (const row of rows) process.stdout.write(`| ${row.name} | ${Math.round(row.linesPerS).toLocaleString('en')} | ${row.cpuUsPerLine.toFixed(2)} | ${row.redacted.toLocaleString('en')} |\n`);
process.stdout.write('\nredaction corpus, phone detector by metadata set\n\n| metadata | phone numbers found (in every template) | negative lines changed (in any region) |\n| --- | --- | --- |\n');
for (const [name, metadata] of [['max', maxMetadata], ['min', minMetadata]] as const) {
  const s = score(metadata);
  process.stdout.write(`| ${name} | ${s.found} / ${s.phones} | ${s.changed} / ${s.negatives} |\n`);
}
if (sink < 0) process.stdout.write('\n');
