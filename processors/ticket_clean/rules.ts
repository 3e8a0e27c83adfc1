/**
 * The default cleaning rules, in one place: each is named (the name is what `rules.disable` turns off and what
 * `ticket.clean.removed` reports) and works on one trimmed line. What a rule does with a matching line:
 *   - `drop`: the line goes, the text goes on;
 *   - `cut`: the line and everything after it go (sign-offs, signatures, quoted replies, disclaimers);
 *   - `head`: like drop, but only before the first line with content (greetings, web-form fields);
 *   - `strip`: removes the matched part of the line and keeps the rest (inline tokens, a greeting before
 *     the first sentence on the same line).
 * Lines that start with ">" are handled by the cleaner itself (clean-text.ts), since whether they are an
 * earlier reply or a quotation the customer relies on depends on where they stand.
 */

export type RuleAction = 'drop' | 'cut' | 'head' | 'strip';

export interface LineRule {
  /** A built-in name (RULE_NAMES) or the name of a rule from the config. */
  readonly name: string;
  readonly action: RuleAction;
  /** For drop, cut and head: whether the trimmed line matches. */
  readonly test?: (line: string) => boolean;
  /** For strip: a global pattern whose matches are removed from the line. */
  readonly strip?: RegExp;
  /** For a cut: only once a line with content was kept, so a text that opens with the pattern is not emptied. */
  readonly afterContent?: boolean;
  /** For a strip: only on the first line with content. */
  readonly firstContentLine?: boolean;
}

const GREETING_WORDS =
  "hi|hii|hello|hey|heya|hiya|howdy|dear|good (?:morning|afternoon|evening|day)|greetings|to whom it may concern|guten (?:tag|morgen|abend)|hallo|liebe[rs]?|sehr geehrte[rs]?|moin|servus|bonjour|hola|ciao|yo";
/** A greeting alone on its line: the word, a few words of name ("Sir or Madam", "support team"), punctuation. */
const GREETING_LINE = new RegExp(`^(?:${GREETING_WORDS})\\b(?:\\s+[\\p{L}.'’&/-]+){0,3}\\s*[,!:.]*$`, 'iu');
/** A greeting that opens the first sentence: "Hi, I was charged…", "Hello team, my parcel…". */
const GREETING_PREFIX = new RegExp(`^(?:${GREETING_WORDS})(?:\\s+[\\p{L}.'’-]+){0,3}\\s*[,!]\\s+(?=\\S)`, 'iu');

/** One phrase per entry (alternatives only inside groups), so that they can be sorted. */
const SIGN_OFF_PHRASES = [
  'thanks?(?: you)?(?: so much| very much| a lot| again| heaps)?',
  'many thanks',
  'thx',
  'tia',
  'ty',
  'cheers',
  'best',
  'best regards',
  'best wishes',
  'kind(?:est)? regards',
  'warm(?:est)? regards',
  'regards',
  'rgds',
  'brgds',
  'br',
  'sincerely',
  'yours (?:sincerely|faithfully|truly)',
  'respectfully',
  'all the best',
  'take care',
  'speak soon',
  'talk soon',
  'have a (?:nice|great|good|lovely) (?:day|weekend|evening)',
  'looking forward to (?:hearing from you|your (?:reply|response|answer))',
  'hope to hear from you soon',
  'mit freundlichen grüßen',
  'freundliche grüße',
  'mfg',
  'viele grüße',
  'liebe grüße',
  'beste grüße',
  'lg',
  'vg',
  'danke(?: schön)?',
  'vielen dank',
  'cordialement',
  'merci',
  'saludos',
  'un saludo',
  'grazie',
  // Longest first, so that "best regards" is tried before "best".
].sort((a, b) => b.length - a.length);
const SIGN_OFF_PHRASE = new RegExp(
  `^(?:${SIGN_OFF_PHRASES.join('|')})(?:\\s+(?:in advance|for (?:your|the) (?:quick |prompt )?(?:help|time|support|reply|response|assistance)|for reading|and regards))*(?![\\p{L}])`,
  'iu',
);
/**
 * What may follow a sign-off phrase on its line: punctuation, and a name in capitals ("Thanks, Anna K."). Each
 * name ends at a space, `!` or the end, so a run of capitals is read one way only (not cut into three names).
 */
const SIGN_OFF_REST = /^[\s,.!:;–—-]*(?:\p{Lu}[\p{L}'’.-]*(?=[\s!]|$)\s*){0,3}[.!]?\s*$/u;

function isSignOff(line: string): boolean {
  const phrase = SIGN_OFF_PHRASE.exec(line);
  return phrase !== null && SIGN_OFF_REST.test(line.slice(phrase[0].length));
}

const ATTRIBUTION = [
  /^On\b.{4,200}\bwrote:?$/iu, // Gmail, Apple Mail (also when the attribution line is long)
  /^Am\b.{4,200}\bschrieb\b.{0,200}:$/iu,
  /^Le\b.{4,200}\ba écrit\s*:$/iu,
  /^-{2,}\s*(?:Original Message|Forwarded message|Ursprüngliche Nachricht|Weitergeleitete Nachricht)\s*-{2,}$/iu,
  /^From:\s.+\s(?:Sent|Date):\s/iu, // an Outlook header flattened onto one line
  /^\S.{0,80}\bwrote:$/iu, // "Support <help@shop.example> wrote:"
];

/** "From: …" followed within three lines by "Sent:" or "Date:": an Outlook reply header (needs the next lines; see clean-text.ts). */
export const OUTLOOK_FROM = /^(?:From|Von|De):\s\S/iu;
export const OUTLOOK_NEXT = /^(?:Sent|Date|Gesendet|Datum|Envoyé):\s/iu;

const DISCLAIMER = [
  /^(?:this|the) e-?mail(?: message)?(?:,| and| \(and| including)? (?:any )?(?:attachments?|files?)/iu,
  /^(?:this|the) (?:e-?mail|message|communication)(?: and any (?:attachments?|files?)[^.]{0,40})? (?:is|are|may be|contains?) (?:strictly )?(?:confidential|privileged|intended)/iu,
  /^the information (?:contained )?in this (?:e-?mail|message|communication)/iu,
  /^(?:confidentiality notice|disclaimer|legal notice|privileged (?:and|&) confidential)\b/iu,
  /^if you (?:are not the intended recipient|have received this (?:e-?mail|message) in error)/iu,
  /^please consider the environment before printing/iu,
  /^diese e-?mail (?:enthält|ist) vertraulich/iu,
];

const MOBILE_FOOTER = /^(?:sent from my (?:iphone|ipad|android|samsung|galaxy|huawei|pixel|mobile|phone|blackberry)|sent from (?:yahoo mail|mail for windows|outlook)|get outlook for (?:ios|android)|sent via (?:the )?\S+ (?:app|mobile))\b.*$|^von meinem (?:iphone|ipad|smartphone) gesendet\.?$/iu;

const WEB_FORM_FOOTER = [
  /^(?:this )?(?:ticket|request|message|enquiry|inquiry) (?:was )?(?:submitted|sent|created) (?:via|through|from|using) (?:the |our )?(?:web|contact|support|help|online) ?(?:form|centre|center|widget|portal)\b/iu,
  /^submitted (?:via|through|from) (?:the )?(?:web|contact|support|help) ?(?:form|widget|portal|centre|center)\b/iu,
  /^(?:browser|os|operating system|user[- ]agent|device|platform|app version|page(?: url)?|referr?er|locale|screen|ip(?: address)?|form id|session id)\s*:\s*\S.*$/iu,
  /^#{1,3}-?\s*please (?:type|write) your reply above this line/iu,
  /^view (?:this|your) (?:ticket|request) (?:online|in your browser)\b/iu,
];

const UNSUBSCRIBE_FOOTER = [/^to unsubscribe\b/iu, /^you (?:are )?receiv(?:ed|ing) this (?:e-?mail|message) because\b/iu, /^(?:manage|update) (?:your )?(?:e-?mail )?(?:preferences|subscription)\b/iu, /^unsubscribe\b/iu];

/** Lines of a signature block that stand alone: a phone, fax or address line whose value looks like one. */
const CONTACT_LINE = /^(?:tel|phone|mobile|mob|cell|fax|t|m|p|f|e|email|e-mail|web|www)\s*[.:]\s*(?:[+\d(][\d\s()./+-]{5,}|\[REDACTED:[a-z_]+\]|\S+@\S+|(?:https?:\/\/|www\.)\S+)\s*$|^(?:https?:\/\/|www\.)\S+$/iu;

const WEB_FORM_FIELD = /^(?:name|full name|your name|first name|last name|e-?mail(?: address)?|your e-?mail|phone(?: number)?|subject|topic|category|reason for contact|message|your message|description)\s*:\s*(?:.{0,80})$/iu;
/** The label in front of the message of a web form ("Message: my parcel…"): the text after it is content. */
const MESSAGE_LABEL = /^(?:message|your message|description|details)\s*:\s+(?=\S)/iu;

const SEPARATOR = /^[-_=*~#]{3,}$/u;
const SIGNATURE_DELIMITER = /^(?:--|—|–)$/u;
// The spaces before a token are read from the start of their run only, and each optional part carries its own:
// a ticket's long run of spaces is then read once, not from each of its characters (bench/RESULTS.md).
const REF_TOKEN = /(?<!\s)\s*(?:\[ref:[^\]\s]{0,200}\]|\bref:_[\w.]+:ref\b|\[#?(?:ticket|case)(?:\s*id)?(?:\s*[:#])?\s*\d+\])/giu;

const any = (patterns: readonly RegExp[]) => (line: string) => patterns.some((p) => p.test(line));

/**
 * The default rules, in the order they are tried on a line (the first that matches decides): cuts before
 * drops, so a reply header is not taken for a web-form field.
 */
export const DEFAULT_RULES: readonly LineRule[] = [
  { name: 'ref_token', action: 'strip', strip: REF_TOKEN },
  { name: 'signature', action: 'cut', test: (line) => SIGNATURE_DELIMITER.test(line) },
  { name: 'quoted_reply', action: 'cut', test: any(ATTRIBUTION) },
  { name: 'disclaimer', action: 'cut', test: any(DISCLAIMER) },
  { name: 'mobile_footer', action: 'cut', test: (line) => MOBILE_FOOTER.test(line) },
  { name: 'sign_off', action: 'cut', afterContent: true, test: isSignOff },
  { name: 'greeting', action: 'head', test: (line) => GREETING_LINE.test(line) },
  { name: 'greeting', action: 'strip', strip: GREETING_PREFIX, firstContentLine: true },
  { name: 'web_form_fields', action: 'drop', test: (line) => WEB_FORM_FIELD.test(line) && !MESSAGE_LABEL.test(line) },
  { name: 'web_form_fields', action: 'strip', strip: MESSAGE_LABEL },
  { name: 'web_form_footer', action: 'drop', test: any(WEB_FORM_FOOTER) },
  { name: 'unsubscribe_footer', action: 'drop', test: any(UNSUBSCRIBE_FOOTER) },
  { name: 'contact_line', action: 'drop', test: (line) => CONTACT_LINE.test(line) },
  { name: 'separator', action: 'drop', test: (line) => SEPARATOR.test(line) },
];

/** Every built-in rule name (what `rules.disable` accepts); quoted_lines are the ">" lines (clean-text.ts). */
export const RULE_NAMES = [
  'ref_token',
  'signature',
  'quoted_reply',
  'quoted_lines',
  'disclaimer',
  'mobile_footer',
  'sign_off',
  'greeting',
  'web_form_fields',
  'web_form_footer',
  'unsubscribe_footer',
  'contact_line',
  'separator',
] as const;
export type RuleName = (typeof RULE_NAMES)[number];
