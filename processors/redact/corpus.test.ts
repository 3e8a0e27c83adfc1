/**
 * The redaction corpus (testdata/corpus.yaml): phone numbers of several countries in several formats, cards
 * of every network, IP addresses, and lines that must come out unchanged (ids, timestamps, amounts, UUIDs,
 * trace ids, IPs, versions, dates). Each test collects every miss, so a failure lists all of them at once.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { redactConfig } from './config.js';
import { Redact } from './redact.js';

const region = z.string().regex(/^[A-Z]{2}$/);
const corpus = z
  .strictObject({
    regions: z.array(region).min(1),
    phone_templates: z.array(z.string().includes('{}')).min(1),
    phones: z.record(region, z.array(z.string()).min(1)),
    card_templates: z.array(z.string().includes('{}')).min(1),
    cards: z.record(z.string(), z.array(z.string()).min(1)),
    ips: z.array(z.string()).min(1),
    negatives: z.array(z.string()).min(1),
    trade_offs: z.array(z.strictObject({ region: region.optional(), text: z.string(), expect: z.string() })).min(1),
  })
  .parse(parse(readFileSync(path.join(import.meta.dirname, 'testdata', 'corpus.yaml'), 'utf8')));

const redactors = new Map<string, Redact>();
/** One processor per configuration, built once. */
function redactor(defaultRegion: string | undefined, detectors?: string[]): Redact {
  const key = `${defaultRegion ?? '-'}:${detectors?.join(',') ?? 'default'}`;
  let redact = redactors.get(key);
  if (!redact) {
    redact = new Redact(redactConfig.parse({ ...(defaultRegion ? { default_region: defaultRegion } : {}), ...(detectors ? { detectors } : {}) }));
    redactors.set(key, redact);
  }
  return redact;
}

const fill = (template: string, value: string) => template.replace('{}', value);
const label = (region: string | undefined) => region ?? 'no region';

describe('redaction corpus', () => {
  it('replaces every phone number, in its region and in every template', () => {
    const misses: string[] = [];
    let checked = 0;
    for (const [region, numbers] of Object.entries(corpus.phones)) {
      const other = corpus.regions.find((r) => r !== region);
      for (const number of numbers) {
        // Numbers with + do not depend on the region (an international prefix such as 00 or 011 does).
        const regions = number.startsWith('+') ? [region, other, undefined] : [region];
        for (const r of regions) {
          for (const template of corpus.phone_templates) {
            const text = fill(template, number);
            const expected = fill(template, '[REDACTED:phone]');
            const got = redactor(r).redactText(text);
            checked++;
            if (got !== expected) misses.push(`${label(r)}: ${JSON.stringify(text)} -> ${JSON.stringify(got)}`);
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
    expect(misses).toEqual([]);
  });

  it('replaces every card number, in every template', () => {
    const misses: string[] = [];
    for (const [network, numbers] of Object.entries(corpus.cards)) {
      for (const number of numbers) {
        for (const template of corpus.card_templates) {
          const text = fill(template, number);
          const got = redactor(undefined).redactText(text);
          if (got !== fill(template, '[REDACTED:card]')) misses.push(`${network}: ${JSON.stringify(text)} -> ${JSON.stringify(got)}`);
        }
      }
    }
    expect(misses).toEqual([]);
  });

  it('replaces IP addresses when the ip detector is on', () => {
    const redact = redactor('DE', ['card', 'iban', 'email', 'phone', 'ip']);
    const misses: string[] = [];
    for (const ip of corpus.ips) {
      for (const template of ['client {} connected', 'from {}:8080', '[{}]', '{"ip":"{}"}']) {
        if (template === 'from {}:8080' && ip.includes(':')) continue; // an IPv6 address takes a port in brackets
        const text = fill(template, ip);
        const got = redact.redactText(text);
        if (got !== fill(template, '[REDACTED:ip]')) misses.push(`${JSON.stringify(text)} -> ${JSON.stringify(got)}`);
      }
    }
    expect(misses).toEqual([]);
  });

  it('leaves every negative line unchanged, in every region and with none', () => {
    const misses: string[] = [];
    for (const r of [...corpus.regions, undefined]) {
      for (const text of corpus.negatives) {
        const got = redactor(r).redactText(text);
        if (got !== text) misses.push(`${label(r)}: ${JSON.stringify(text)} -> ${JSON.stringify(got)}`);
      }
    }
    expect(misses).toEqual([]);
  });

  it('behaves as documented where the rule is a trade-off', () => {
    const misses: string[] = [];
    for (const { region: r, text, expect: expected } of corpus.trade_offs) {
      const got = redactor(r).redactText(text);
      if (got !== expected) misses.push(`${label(r)}: ${JSON.stringify(text)} -> ${JSON.stringify(got)}, documented: ${JSON.stringify(expected)}`);
    }
    expect(misses).toEqual([]);
  });
});
