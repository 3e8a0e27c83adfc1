import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../agent/event.js';
import { detectLanguageConfig } from './config.js';
import { DetectLanguage } from './detect-language.js';

const detector = (config: Record<string, unknown> = {}) => new DetectLanguage(detectLanguageConfig.parse(config));
const ticket = (subject: string, message: string): LogEvent => ({ '@timestamp': 't', message, ticket: { subject } });

describe('detect_language', () => {
  it('writes ISO 639-1 codes, not the 639-3 codes franc returns', () => {
    const d = detector();
    expect(d.languageOf('Meine Bestellung ist immer noch nicht angekommen, obwohl sie seit zwei Wochen unterwegs ist.')).toBe('de');
    expect(d.languageOf('Bonjour, ma commande n’est jamais arrivée et le suivi ne bouge plus depuis une semaine.')).toBe('fr');
    expect(d.languageOf('My parcel still has not arrived although the tracking said it would come last week.')).toBe('en');
  });

  it('answers und for texts shorter than min_length, and for text without letters', () => {
    expect(detector().languageOf('Wo ist mein Paket?')).toBe('und');
    expect(detector({ min_length: 10 }).languageOf('Wo ist mein Paket?')).not.toBe('und');
    expect(detector().languageOf('12345 678 90 - 42.00 / 17:30 #99887766')).toBe('und');
  });

  it('chooses among the `only` languages', () => {
    const text = 'Onde está a minha encomenda? Já passou uma semana.';
    expect(detector({ only: ['en', 'de'] }).languageOf(text)).toMatch(/^(en|de)$/);
    expect(detector({ only: ['pt', 'es', 'en'] }).languageOf(text)).toBe('pt');
  });

  it('leaves redacted placeholders out of the text and its length', () => {
    const placeholders = '[REDACTED:email] [REDACTED:phone] [REDACTED:card]';
    expect(detector().languageOf(`${placeholders} Hallo`)).toBe('und');
    expect(detector().languageOf(`Bitte rufen Sie mich an: [REDACTED:phone], oder schreiben Sie an [REDACTED:email], danke schön.`)).toBe('de');
  });

  it('reads subject and message by default and writes to its target', () => {
    const events = [ticket('Remboursement non reçu', 'Je n’ai toujours pas reçu le remboursement de ma commande annulée.'), ticket('', '')];
    detector().process(events);
    expect(events[0]?.['ticket']).toMatchObject({ language: 'fr' });
    expect(events[1]?.['ticket']).toMatchObject({ language: 'und' });
    const event: LogEvent = { '@timestamp': 't', message: 'Il pacco è arrivato danneggiato e il vaso è rotto.' };
    detector({ field: 'message', target: 'lang' }).process([event]);
    expect(event['lang']).toBe('it');
  });

  it('rejects unknown languages in `only`, naming the ones it knows', () => {
    const parsed = detectLanguageConfig.safeParse({ only: ['english'] });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(/^a language franc-min knows: en, de, fr/);
    expect(parsed.error?.issues[0]?.path).toEqual(['only', 0]);
  });
});
