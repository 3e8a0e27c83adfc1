/**
 * Language identification (detect_language, franc-min) on test/fixtures/tickets/multilingual.jsonl: accuracy
 * overall, per language and for texts under 60 characters, at the defaults and with `only` set to the seven
 * languages of the fixture. Part of npm run bench:tickets.
 */
import { z } from 'zod';
import { detectLanguageConfig } from '../../processors/detect_language/config.js';
import { DetectLanguage } from '../../processors/detect_language/detect-language.js';
import { FIXTURES, readFixtureRows } from './fixtures.js';

const SHORT = 60;

const ticketSchema = z.strictObject({
  id: z.string(),
  language: z.string().regex(/^[a-z]{2}$/),
  text: z.string().min(1),
  entities: z.record(z.string(), z.array(z.string().min(1)).min(1)),
});
export type MultilingualTicket = z.infer<typeof ticketSchema>;

export function loadMultilingual(folder = FIXTURES): MultilingualTicket[] {
  return readFixtureRows(folder, 'multilingual.jsonl', ticketSchema);
}

const pct = (hits: number, n: number) => (n === 0 ? '–' : `${((100 * hits) / n).toFixed(0)} % (${hits}/${n})`);

/** Prints the accuracy table and the misses; returns the languages detected at the defaults, by ticket. */
export function languageReport(out: (line: string) => void): string[] {
  const tickets = loadMultilingual();
  const languages = [...new Set(tickets.map((t) => t.language))];
  const settings: [string, Record<string, unknown>][] = [
    ['defaults (min_length 20, all languages)', {}],
    ['min_length 40', { min_length: 40 }],
    [`only: [${languages.join(', ')}]`, { only: languages }],
    [`only: [${languages.join(', ')}], min_length 10`, { only: languages, min_length: 10 }],
  ];
  const runs = settings.map(([name, config]) => {
    const detector = new DetectLanguage(detectLanguageConfig.parse(config));
    return { name, got: tickets.map((t) => detector.languageOf(t.text)) };
  });
  const accuracy = (got: string[], keep: (t: MultilingualTicket) => boolean) => {
    const idx = tickets.map((t, i) => (keep(t) ? i : -1)).filter((i) => i >= 0);
    return pct(idx.filter((i) => got[i] === (tickets[i] as MultilingualTicket).language).length, idx.length);
  };
  const shortCount = tickets.filter((t) => t.text.length < SHORT).length;
  out(`\nlanguage identification (detect_language, franc-min), ${tickets.length} tickets in ${languages.length} languages, ${shortCount} under ${SHORT} characters; und counts as wrong\n`);
  out(`| setting | all | under ${SHORT} chars | ${languages.join(' | ')} |\n| --- | --- | --- |${languages.map(() => ' --- |').join('')}`);
  for (const { name, got } of runs) {
    out(`| ${name} | ${accuracy(got, () => true)} | ${accuracy(got, (t) => t.text.length < SHORT)} | ${languages.map((l) => accuracy(got, (t) => t.language === l)).join(' | ')} |`);
  }
  for (const { name, got } of runs) {
    const misses = tickets.map((t, i) => (got[i] === t.language ? '' : `${t.id} ${t.language}→${got[i]} (${t.text.length} chars)`)).filter(Boolean);
    out(`misses, ${name}: ${misses.length === 0 ? 'none' : misses.join('; ')}`);
  }
  return (runs[0] as { got: string[] }).got;
}
