/**
 * The tagger's confidence in a ticket from its language: a model scores text in the languages it was
 * trained on, and the scores of a ticket in another language are unreliable (all-MiniLM-L6-v2 is
 * English-only). Such a ticket is still tagged, with its confidence `low`; every other ticket (a covered
 * language, `und`, or no language field) is `normal`.
 */
import { getField, type LogEvent } from '../../agent/kit.js';

export type Confidence = 'normal' | 'low';

export function languageConfidence({ languages, language_field }: { languages: readonly string[]; language_field: string }): (event: LogEvent) => Confidence {
  const covered = new Set(languages);
  return (event) => {
    const language = getField(event, language_field);
    if (typeof language !== 'string' || covered.has(language)) return 'normal';
    // A region or script (en-GB, zh_Hant) counts as its language; case as written by hand.
    const primary = language.split(/[-_]/, 1)[0]?.toLowerCase() ?? '';
    return primary === '' || primary === 'und' || covered.has(primary) ? 'normal' : 'low';
  };
}
