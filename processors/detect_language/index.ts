import { defineProcessor } from '../../agent/kit.js';
import { detectLanguageConfig } from './config.js';

export const detectLanguageProcessor = defineProcessor({
  type: 'detect_language',
  summary: 'Writes ticket.language: the ISO 639-1 code of the text’s language from franc-min (76 languages), or und for short or undetermined texts.',
  config: detectLanguageConfig,
  // franc-min's trigram profiles load only when a detect_language processor is configured.
  create: async (config) => {
    const { DetectLanguage } = await import('./detect-language.js');
    return new DetectLanguage(config);
  },
});
