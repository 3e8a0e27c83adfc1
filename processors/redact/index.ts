import { defineProcessor, patternWarnings } from '../../agent/kit.js';
import { redactConfig } from './config.js';

export const redactProcessor = defineProcessor({
  type: 'redact',
  summary: 'Replaces custom patterns, card numbers (issuer prefix and Luhn check), IBANs, emails, IP addresses (opt-in) and phone numbers (libphonenumber-js) in event fields.',
  config: redactConfig,
  check: (config) => patternWarnings(config.patterns.map((p, i) => ({ path: ['patterns', i, 'regex'], pattern: p.regex, flags: 'g' }))),
  // The detectors' numbering plans (libphonenumber-js) load only when a redact processor is configured.
  create: async (config) => {
    const { Redact } = await import('./redact.js');
    return new Redact(config);
  },
});
