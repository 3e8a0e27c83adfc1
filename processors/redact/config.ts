import { z } from 'zod';
import { regexSchema } from '../../agent/kit.js';

const DETECTORS = ['card', 'iban', 'email', 'phone'] as const;

export const redactConfig = z.strictObject({
  fields: z
    .array(z.string().min(1))
    .default([])
    .meta({ description: 'Fields to scan (dotted paths); empty: every string in the event, nested ones included.' }),
  detectors: z
    .array(z.enum(DETECTORS))
    .default([...DETECTORS])
    .meta({ description: 'Built-in detectors: card (with a Luhn check), iban (with its mod-97 check), email, phone.' }),
  patterns: z
    .array(z.strictObject({ name: z.string().regex(/^[a-z0-9_]+$/), regex: regexSchema }))
    .default([])
    .meta({ description: 'Extra patterns, each replaced as [REDACTED:<name>].' }),
  replacement: z
    .string()
    .default('[REDACTED:{type}]')
    .meta({ description: 'Replacement text; {type} becomes the detector or pattern name.' }),
});

export type RedactConfig = z.output<typeof redactConfig>;
