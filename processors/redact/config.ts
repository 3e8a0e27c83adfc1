import type { CountryCode, isSupportedCountry, MetadataJson } from 'libphonenumber-js/core';
import { createRequire } from 'node:module';
import { z } from 'zod';
import { regexSchema } from '../../agent/kit.js';
import { DETECTOR_NAMES } from './detector-names.js';

const require = createRequire(import.meta.url);
let hasNumberingPlan: ((code: string) => boolean) | undefined;

/**
 * The numbering plans (libphonenumber-js and its metadata, about 18 MiB resident) are loaded on the first
 * region check, not by every agent that loads the component schemas.
 */
function numberingPlanFor(code: string): boolean {
  if (hasNumberingPlan === undefined) {
    const core = require('libphonenumber-js/core') as { isSupportedCountry: typeof isSupportedCountry };
    const metadata = require('libphonenumber-js/metadata.max.json') as MetadataJson;
    hasNumberingPlan = (candidate) => core.isSupportedCountry(candidate as CountryCode, metadata);
  }
  return hasNumberingPlan(code);
}

const DEFAULT_DETECTORS = DETECTOR_NAMES.filter((name) => name !== 'ip');

const region = z
  .string()
  .regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 country code in capitals, e.g. DE')
  .refine(numberingPlanFor, 'not a country with a phone numbering plan')
  // Checked against the library's own list just above.
  .transform((code) => code as CountryCode);

export const redactConfig = z.strictObject({
  fields: z
    .array(z.string().min(1))
    .default([])
    .meta({ description: 'Fields to scan (dotted paths); empty: every string in the event, nested ones included.' }),
  detectors: z
    .array(z.enum(DETECTOR_NAMES))
    .default(DEFAULT_DETECTORS)
    .meta({
      description:
        'Built-in detectors: card (issuer prefix, length and Luhn check), iban (mod-97 check), email, phone (numbering plans of libphonenumber-js), ip (IPv4 and IPv6; off unless listed). They run after the custom patterns, in the order iban, card, email, ip, phone.',
    }),
  default_region: region.optional().meta({
    description: 'Country (ISO code, e.g. DE) whose national numbering reads phone numbers written without + or an international prefix; without it only international numbers are recognised.',
  }),
  patterns: z
    .array(z.strictObject({ name: z.string().regex(/^[a-z0-9_]+$/), regex: regexSchema }))
    .default([])
    .meta({ description: 'Extra patterns, each replaced as [REDACTED:<name>]; they run before the built-in detectors, so they win where both would match.' }),
  replacement: z
    .string()
    .default('[REDACTED:{type}]')
    .meta({ description: 'Replacement text; {type} becomes the detector or pattern name.' }),
});

export type RedactConfig = z.output<typeof redactConfig>;
