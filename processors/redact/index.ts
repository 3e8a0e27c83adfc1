import { defineProcessor } from '../../agent/kit.js';
import { redactConfig } from './config.js';
import { Redact } from './redact.js';

export const redactProcessor = defineProcessor({
  type: 'redact',
  summary: 'Replaces custom patterns, card numbers (issuer prefix and Luhn check), IBANs, emails, IP addresses (opt-in) and phone numbers (libphonenumber-js) in event fields.',
  config: redactConfig,
  create: (config) => new Redact(config),
});
