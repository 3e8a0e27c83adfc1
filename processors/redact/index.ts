import { defineProcessor } from '../../agent/kit.js';
import { redactConfig } from './config.js';
import { Redact } from './redact.js';

export const redactProcessor = defineProcessor({
  type: 'redact',
  summary: 'Replaces card numbers (Luhn-checked), IBANs, emails, phone numbers and custom patterns in event fields.',
  config: redactConfig,
  create: (config) => new Redact(config),
});
