/**
 * The languages franc-min tells apart (ISO 639-3, as franc returns them) and their ISO 639-1 codes. Where franc
 * names one member of a macrolanguage (arb for Arabic, pes for Persian, swh for Swahili, zlm for Malay, ...)
 * the macrolanguage's 639-1 code stands for it; languages without a 639-1 code (Cebuano, Bhojpuri, ...) keep
 * their 639-3 code. The table is checked against franc-min's own data in languages.test.ts.
 */
export const ISO_639_1: Readonly<Record<string, string>> = {
  // Latin script
  eng: 'en', deu: 'de', fra: 'fr', spa: 'es', ita: 'it', nld: 'nl', por: 'pt', pol: 'pl', ces: 'cs', hun: 'hu',
  ron: 'ro', hrv: 'hr', bos: 'bs', srp: 'sr', swe: 'sv', tur: 'tr', azj: 'az', uzn: 'uz', ind: 'id', zlm: 'ms',
  vie: 'vi', tgl: 'tl', jav: 'jv', sun: 'su', som: 'so', hau: 'ha', ibo: 'ig', yor: 'yo', zul: 'zu', nya: 'ny',
  kin: 'rw', run: 'rn', lin: 'ln', swh: 'sw', plt: 'mg', fuv: 'ff', qug: 'qu', zyb: 'za',
  // Cyrillic script
  rus: 'ru', ukr: 'uk', bel: 'be', bul: 'bg', kaz: 'kk', koi: 'kv',
  // Arabic script
  arb: 'ar', pes: 'fa', urd: 'ur', pbu: 'ps', ckb: 'ku',
  // Devanagari script
  hin: 'hi', mar: 'mr', npi: 'ne',
  // Languages franc knows by their script alone
  cmn: 'zh', jpn: 'ja', kor: 'ko', ben: 'bn', tel: 'te', tam: 'ta', guj: 'gu', kan: 'kn', mal: 'ml', mya: 'my',
  pan: 'pa', amh: 'am', tha: 'th', sin: 'si', ell: 'el',
};

/** franc-min languages with no ISO 639-1 code: reported as their 639-3 code. */
export const WITHOUT_639_1 = ['bho', 'ceb', 'hms', 'hnj', 'ilo', 'mad', 'mag', 'mai', 'skr'] as const;

const TO_639_3 = new Map<string, string>([...Object.entries(ISO_639_1).map(([three, one]) => [one, three] as const), ...WITHOUT_639_1.map((code) => [code, code] as const)]);

/** Every code a user may name in `only`: the 639-1 codes above and the 639-3 codes without one. */
export const LANGUAGE_CODES: readonly string[] = [...TO_639_3.keys()];

/** The code written to the event for franc's answer: 639-1 where there is one, else the 639-3 code ('und' stays). */
export function toIso6391(code: string): string {
  return ISO_639_1[code] ?? code;
}

/** franc's 639-3 code for a code from LANGUAGE_CODES. */
export function toFranc(code: string): string | undefined {
  return TO_639_3.get(code);
}
