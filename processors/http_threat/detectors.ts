/**
 * The rules of the payload analysis: one precompiled expression each, matched in one view of a normalised
 * value (see normalise.ts). Each carries the attack class it reports and a severity whose weight feeds
 * threat.score. They were written against the train part of the threat corpus and its benign shop traffic, and
 * from the techniques the CRS rule files name (never from the eval part's payloads):
 * SQL words alone ("select a size", "drop shipping") or a lone quote ("O'Reilly") never fire; an SQL
 * keyword has to come with the syntax that turns it into code.
 *
 * No value may make an expression backtrack over the whole field (the inline checks wait for the score): runs
 * and bodies are bounded (a template, a tag or a backtick's command within 300 characters, a name list within
 * 100), and repeated parts have one reading each. `npm run bench:threat-backtracking` checks them.
 */

import { IDLE_WITHOUT_ARGUMENTS, PHP_FUNCTIONS, PROSE_COMMANDS, SHARED_COMMANDS, UNIX_COMMANDS, WINDOWS_COMMANDS } from './word-lists.js';

export const ATTACK_CLASSES = ['sqli', 'xss', 'lfi', 'rfi', 'rce', 'php', 'java', 'scanner', 'generic', 'session_fixation', 'protocol'] as const;
export type AttackClass = (typeof ATTACK_CLASSES)[number];
export type Severity = 'low' | 'medium' | 'high' | 'critical';
/** Where a value came from; a detector names the fields it reads (scanner names only make sense in the UA). */
export type Source = 'url' | 'user_agent' | 'referrer';
/**
 * The views of normalise.ts, `path`: `text` up to its first `?` or `#` (for URLs, the path alone), and `collapsed`:
 * `text` with `//` and `/./` folded to `/` (detector-table.ts).
 */
export type ViewName = 'text' | 'spaced' | 'commented' | 'shell' | 'lookups' | 'raw' | 'path' | 'collapsed';

export interface Detector {
  readonly id: string;
  readonly class: AttackClass;
  readonly severity: Severity;
  readonly view: ViewName;
  readonly pattern: RegExp;
  readonly sources?: readonly Source[];
  /**
   * Fires only on a request without a Referer or with one from outside the site (see site-referrer.ts): a
   * session id in a link someone was sent (fixation) comes that way, while the site's own pages that carry
   * it in the URL send their own address.
   */
  readonly offSiteReferrer?: boolean;
  /**
   * Characters of which the view must hold at least one for the pattern to match at all (every alternative
   * of the pattern needs one of them; see char-gate.ts): values without any skip the pattern. A test checks
   * them against the patterns.
   */
  readonly chars?: string;
  /**
   * Characters of which the normalised text must hold one before the gate above is looked at: for a pattern
   * of the value as logged whose gate words cost more to look for than this one bit test.
   */
  readonly needs?: string;
  /**
   * Substrings of which the view may hold one instead (looked for with indexOf): for the alternatives that need
   * a word rather than punctuation (`alias` beside `{`). A detector with words but no chars needs one of them.
   */
  readonly words?: readonly string[];
}

export const SEVERITY_WEIGHT: Readonly<Record<Severity, number>> = { low: 0.3, medium: 0.5, high: 0.8, critical: 0.95 };

const SHELL_COMMANDS = `${UNIX_COMMANDS}|${WINDOWS_COMMANDS}`;

/**
 * What a function name's `(` must have around it to read as a call: anything but the one space that prose puts
 * before its brackets (`system(`, `exec\t(`, `exec  (`), or else an argument that reads as code (a quote, `$`,
 * a path, a nested call, a list) or none. Prose has words inside: "operating system (windows 11)".
 */
const CALL_OPEN = String.raw`(?:(?<!\S \()|(?=\s*(?:$|['"\x60$\\/)\[@(]|[\w\\]+\s*[(,])))`;

/**
 * A shell command after a separator (`semicolon`, `pipe`, a backtick, `&&`, `||`, `$(`, or `lineBreak`), followed
 * by what `follows` allows or the end, an `.exe`, not `=` (an assignment), and not what `notAfter` names.
 */
const commandChain = (lineBreak: string, follows: string, semicolon = ';', pipe = '\\|', notAfter = ''): RegExp =>
  new RegExp(`(?:${semicolon}|${pipe}|\`|${lineBreak}|&&|\\|\\||\\$\\()\\s*(?:[\\w/]*\\/)?(?:${SHELL_COMMANDS})(?=$|${follows}|\\.exe\\b)(?!\\s*=)${notAfter}`);

/** A name that is also an English word a sentence starts with (`at`, `who`, `time`), then a word: prose. */
const PROSE_START = `\\s*(?:${PROSE_COMMANDS})\\s+[a-z]`;

/**
 * The same after a semicolon and a space, as prose writes one ("call me; time flexible", "ring twice; wait at
 * gate"), when a whole word follows: `; type c:\\…`, `; find / -name` and `;time sleep 5` still count.
 */
const PROSE_AFTER_SEMICOLON = `\\s+(?:${PROSE_COMMANDS})\\s+[a-z]+(?=[\\s,.!?&]|$)`;

/**
 * In a query, words glued by single pipes are a list (`pageName=us|home|shoes`, `facets=brand|size|more`), as
 * analytics beacons and facet filters send them: a command name there is an element of a list of three or more,
 * not a command. A pipe after a separator, a path, a space or a second pipe still counts (`x|id`, `|cat /…`).
 */
const PIPE_NOT_IN_LIST = '\\|(?<![\\w.-]\\|[\\w .-]{1,40}\\|)';
/**
 * After the command: not the second element of such a list (`search|find|results`), nor, in a list of two, a
 * command that does nothing without an argument (`pet=dog|cat`).
 */
const NOT_BEFORE_LIST_ELEMENT = `(?!\\|[\\w.-](?<=[\\w.-]\\|[\\w.-]{1,40}\\|[\\w.-]))(?!(?<=[\\w.-]\\|(?:${IDLE_WITHOUT_ARGUMENTS}))(?:$|&|\\|[\\w.-]))`;

/** A shell variable, `$name` or `${name}` and letters glued after it: one way to read each, so runs of them match in linear time. */
const SHELL_VARIABLE = String.raw`\$(?:\{[a-z_]\w*\}[a-z]*|[a-z_]\w*)`;

const d = (id: string, cls: AttackClass, severity: Severity, pattern: RegExp, view: ViewName = 'text', sources?: readonly Source[]): Detector =>
  sources === undefined ? { id, class: cls, severity, view, pattern } : { id, class: cls, severity, view, pattern, sources };

/** Files of the system that a request has no business naming. */
const LFI_SYSTEM_FILE = /\/etc\/(?:passwd|shadow|group|hosts|issue|motd|sudoers|crontab|fstab|hostname|resolv\.conf|profile|bashrc)|\b(?:boot|win|system)\.ini\b|\/proc\/(?:self|\d+)\/|[a-z]:\\+(?:windows|winnt|boot\.ini|inetpub)|:(?<=(?:^|[^\w.+-])[a-z]:)\/+(?:windows|winnt|inetpub|boot\.ini)(?![\w.-])|\\windows\\system32|\/var\/log\/|\/root\/\.|\bwindows\/win\.ini|\/run\/secrets\/|\/etc\/(?:nginx|apache2|httpd|php[\d.]*|mysql|ssh|ssl\/private|kubernetes|docker|letsencrypt)\/|\bprivkey\d*\.pem\b|\/etc\/my\.cnf\b|[/=\\]php\.ini\b|\/\.kube\/config\b|\/(?:tmp|var\/tmp|var\/lib\/php[\d.]*\/sessions?)\/sess_\w/;

export const DETECTORS: readonly Detector[] = [
  // SQL injection
  d('sqli-union-select', 'sqli', 'critical', /(?<![a-z])union\s*(?:all\s*|distinct(?:row)?\s*)?[\s(]*select\b|union(?:all|distinct(?:row)?)?select(?:from|null|\W|\d|$)/),
  { ...d('sqli-tautology', 'sqli', 'high', /['"`)][\s)]{0,20}(?:or|and|xor|\|\||&&)\b[\s(]{0,20}(?:['"`]?[\w.@$]{0,100}['"`]?\s*(?:=|<=>|<>|!=|<|>|\blike\b|\brlike\b|\bregexp\b|\bis\s+(?:not\s+)?null\b|\bin\s*\(|\bbetween\b)|not\b(?=\s*(?:\d|['"`(]|true\b|false\b|null\b|exists\b|[\w.@$]+\s*(?:[=<>!]|\blike\b|\bin\b|\bbetween\b|\bis\b)))|true\b|false\b|null\b|\d+\b|sleep\s*\(|exists\s*\(|select\s*(?:\*|@@|\(|\w+\s*(?:,|\bfrom\b)))/), chars: "'\"`)" },
  { ...d('sqli-numeric-tautology', 'sqli', 'high', /\b(?:or|and|where)\s+(?:(0x[0-9a-f]+)\s*=\s*\1\b|(?:not\s+)?\d+(?:\s*[-+*/%]\s*\d+)*\s*(?:=|<>|!=|>|<|\s(?:r?like|regexp)\s)\s*\d+)|\bhaving\s+\d+\s*(?:=|<>|!=|>|<)\s*\d+|\bor(?<=\d\s{1,3}or)\s+(?:not\s+false|true)\b/, 'spaced'), chars: ' ' },
  // A number or'ed with itself (or after a negative id) before a comment: a size range is not ("10 or 12#").
  { ...d('sqli-numeric-tautology', 'sqli', 'high', /=\s*(?:(\d+)\s+or\s+\1|-\d+\s+or\s+\d+)\s*(?:#|--)/, 'spaced'), chars: '#', words: ['--'] },
  // A `--` that two words follow is a dash in prose ("'Round Midnight' -- Thelonious Monk"), not a comment.
  { ...d('sqli-quote-terminator', 'sqli', 'high', /['`]\s*\)*\s*(?:;|--(?![a-z]|\s+[a-z]+\s+[a-z])|#)|"\s*\)*\s*(?:--(?![a-z]|\s+[a-z]+\s+[a-z])|#)|['"`]\s*\)*\s*(?:\border\s+by\b|\bgroup\s+by\b|\blimit\s+\d|\bhaving\s+(?:\d|count\b|sum\b|min\b|max\b|avg\b|[\w.]+\s*(?:[=<>(]|\blike\b))|\bprocedure\s+analyse)/), chars: "'\"`" },
  // A comment that ends the statement after a string (`admin'/*`): the text view has it removed. Not a quoted
  // glob (`'/*'`).
  { ...d('sqli-quote-terminator', 'sqli', 'high', /['"`]\s*\)*\s*\/\*(?!\s*['"`])/, 'commented'), chars: "'\"`" },
  // Any statement word after a `;` that starts a value or ends its first token after a digit, a quote or a
  // bracket (`id=1; drop dead`, `x=;truncate`): the injection closed the application's literal. After any other
  // `;`, a bracket or a quote only a statement that reads as SQL, since prose has "leave at door; call me on
  // arrival", "(kids) select size", "the 'select' button" and "'drop dead'".
  { ...d('sqli-stacked-query', 'sqli', 'critical', /;(?<=(?:^|[=?&/])(?:[^\s=&;]{0,60}[\d'"`)])?\s*;)\s*(?:drop|delete|insert|update|alter|create|truncate|exec(?:ute)?|declare|shutdown|select|waitfor|call|grant|rename|replace|load|handler)\b|[;'"`)]\s*(?:drop\s+(?:table|database|schema|view|index|user|procedure|function|trigger|column)\b|delete\s+(?:from\b|[\w.]+\s+where\b)|insert\s+(?:into\b|[\w.]+\s+values\b)|update\s+[\w.[\]"`]+\s+set\b|alter\s+(?:table|database|user|system|session|login)\b|create\s+(?:or\s+replace\s+)?(?:table|database|user|function|procedure|trigger|view|index|login)\b|truncate\s+(?:table\s+)?\w|exec(?:ute)?\b\s*(?:[(@]|master\b|xp_|sp_|immediate\b|[\w.]+\s+['"@\d])|declare\s+@|shutdown\b(?!\s+[a-z])|select\b\s*(?:[*\d@(]|['"](?<!['"`]select['"])|null\b|(?:top|distinct)\b|[\w.`"[\]]{1,100}\s*(?:\(|,|\bfrom\b))|waitfor\s+(?:delay|time)\b|call\s+[\w.]+\s*\(|grant\s+(?:all|select|insert|update|delete|execute|usage|dba)\b|rename\s+(?:table|user)\b|replace\s+into\b|load\s+(?:data|xml)\b|handler\s+\w+\s+(?:open|read)\b)/, 'spaced'), chars: "'\"`);" },
  // A number and one word in the brackets is prose, not an argument list: `sleep (5 hours)`, `user (1 star)`.
  { ...d('sqli-function', 'sqli', 'high', /\b(?:sleep|benchmark|iif|regexp_substring|to_number|raise_error|uuid_to_bin|ctxsys\.\w+|pg_sleep|load_file|extractvalue|updatexml|group_concat|concat(?:_ws)?|char|chr|ascii|substr(?:ing)?|mid|ord|hex|unhex|version|database|user|current_user|system_user|schema|lo_get|lo_import|dbms_\w+(?:\.\w+)?|utl_\w+(?:\.\w+)?|(?:xdb|db|http)uritype|load_extension|xp_\w+|sp_\w+|convert|cast|encode|decode|md5|if|ifnull|elt|make_set|json_\w+|randomblob|sqlite_version|div)\s*\(\s*(?:\d(?![\d.]*\s+[a-z]+\s*\))|['"`)@*]|\((?=\s*select\b)|\w+\s*[(,]|(?<=\S\(\s*)\w+\s*\)|select\b)|\bselect\s+(?:if|ifnull|sleep|benchmark|char|ascii|substr(?:ing)?|concat|version|database|user)\s*\(/, 'spaced'), chars: '(' },
  d('sqli-keyword', 'sqli', 'high', /\b(?:information_schema|sysobjects|syscolumns|sqlite_master|pg_catalog|pg_shadow|mysql\.user|all_tables|user_tables|msysaccessobjects|waitfor\s+delay|into\s+(?:out|dump)file|@@version|@@datadir|@@hostname|execute\s+immediate|procedure\s+analyse(?=\s*\())\b|\bgroup\s+by\s+[\w.`"]+(?:\s*,\s*[\w.`"]+)*\s+having\s+\w*\s*\(/, 'spaced'),
  d('sqli-select-from', 'sqli', 'high', /\bselect\b\s*(?:\*|(?:distinct\s+)?[\w.`"'@(),*]{1,100}(?:\s*,\s*[\w.`"'@()*]{1,100}){1,20}|(?:count|null|\d+|@@\w+)\b[\w.`"'@(),*]*)\s*\bfrom\b/, 'spaced'),
  // MySQL runs what a `/*! … */` comment holds, so attacks hide words in one (`/*!50000union*/`); a keyword
  // glued to a comment (`1/**/and/**/1`) is the same evasion elsewhere. Read where the comments are kept.
  d('sqli-comment-evasion', 'sqli', 'high', /\/\*\s*!\d*\s*[a-z_(@]|\b(?:union|select|from|where|and|or|having|order|group)\/\*[^*]{0,100}\*\/\s*[\w@('"`-]|[\w)'"`]\s*\/\*[^*]{0,100}\*\/(?:union|select|from|where|and|or|having|order|group)\b/, 'commented'),
  { ...d('sqli-nosql-operator', 'sqli', 'medium', /\[\$(?:ne|gt|gte|lt|lte|regex|where|exists|nin|in|or|and|nor|expr)\]|[{,]\s*['"]\$(?:ne|gt|gte|lt|lte|regex|where|exists|nin|or|nor|expr|function|accumulator)['"]\s*:/), chars: '[\'"' },
  { ...d('sqli-order-by-probe', 'sqli', 'medium', /\border\s+by\s+\d+\s*(?:--|#|;|$)/), chars: ' ' },
  d('sqli-bare-comparison', 'sqli', 'medium', /(?:^|[=,(])\s*(\d+)\s*(?:=|<=>)\s*\1\s*(?:$|[&;)#]|--)|(?:^|[=,(])\s*(\d+)\s*(?:!=|<>)\s*(?!\2\b)\d+\s*(?:$|[&;)#]|--)|\b(\d+)\s+is\s+not\s+(?!\3\b)\d|\blike\s+null\b|\)\s*like\s*\(/),
  { ...d('sqli-operator-after-quote', 'sqli', 'high', /['"`][\s)]{0,20}(?:or|and)?[\s(]{0,20}(?:\w+\s+)?(?:glob|rlike|regexp|sounds\s+like)\b|['"]\s+['"]\s*\d/, 'spaced'), chars: "'\"`" },
  { ...d('sqli-postgres-cast', 'sqli', 'high', /\)\s*::\s*(?:int|integer|bigint|smallint|text|varchar|jsonb?|numeric|bool(?:ean)?|regclass|oid)\b/), chars: ':' },
  d('sqli-json-operator', 'sqli', 'high', /['"`][[{][^[\]{}]{0,200}[\]}]['"`]\s*(?:::\s*jsonb?\s*)?(?:@>|<@|->>?|#>>?|\?[|&]?|[<>])|(?:@>|<@|->>?|#>>?|\?[|&])\s*['"`][[{]|\bjsonb?_(?:extract|keys|search|contains(?:_path)?|unquote|value|query|each|array_elements|typeof|exists\w*|path_\w+|object_keys|array_length|extract_path\w*|strip_nulls|populate_record\w*|to_record\w*|modify|valid|depth|length|type|object(?:agg)?|array(?:agg)?|agg|build_\w+|set|insert|replace|remove|merge\w*|overlaps|schema_valid\w*|pretty|quote|table)\s*\(|\b(?:is|open)json\s*\(/),
  // A JSON literal with nested brackets (`'{"c":[4,{"f":7}]}' -> '$.c[1].f'`), quoted as SQL quotes it.
  // Also a JSON literal cast and compared (`'{"a":1}'::jsonb = …`), compared with another (`'{}'='{}'`), or
  // tested with SQL's `IS JSON` predicate.
  { ...d('sqli-json-operator', 'sqli', 'high', /(?:'[[{][^']{0,300}[\]}]'|"[[{][^"]{0,300}[\]}]"|`[[{][^`]{0,300}[\]}]`)\s*(?:(?:::\s*jsonb?\s*)?(?:@>|<@|->>?|#>>?|\?[|&]?|[<>])|::\s*jsonb?\s*(?:!?=|<>)|(?:!?=|<>|like\b)\s*['"`][[{]|is\s+(?:not\s+)?json\b)/), chars: '[{' },
  // Cross-site scripting
  { ...d('xss-script-tag', 'xss', 'critical', /<\s*\/?\s*(?:[a-z]+:)?script\b/), chars: '<' },
  { ...d('xss-event-handler', 'xss', 'high', /<[a-z!/?][^>]{0,300}?[\s"'/;+]on[a-z]{3,}[\s+]*=|['"](?:[\s/+]*[a-z-]{3,20}[\s/+]+|[\s/+]*)on[a-z]{3,}[\s+]*=|(?:^|[\s"'/;?&])on(?:error|load|mouseover|mouseout|click|focus|blur|mouseenter|toggle|animationstart|pointerover|pointerenter|begin|start|finish|pageshow|hashchange|message|input|keydown|keyup|submit|wheel|scroll|auxclick|beforeprint|afterprint|copy|cut|paste|drag\w*|transition\w*|resize|unload|readystatechange)\s*=\s*[\w'"`(]+\s*\(/), chars: "<'\"(" },
  { ...d('xss-dangerous-tag', 'xss', 'high', /<\s*(?:iframe|img|svg|object|embed|body|style|link|meta|base|form|input|video|audio|math|details|marquee|isindex|frameset|frame|applet|xss|image|animate|set|a\s[^>]{0,300}href|button|textarea|select|keygen|template|source|table\s[^>]{0,300}background)\b/), chars: '<' },
  // Not before words alone up to the value's end: a book's title, "JavaScript: The Good Parts", is no script.
  { ...d('xss-js-uri', 'xss', 'high', /(?:java|vb|live)script\s*:(?!\s*[a-z]+(?:\s+[a-z]+)+\s*(?:$|&))|data\s*:\s*(?:text\/html|image\/svg|application\/(?:x-)?javascript)/), chars: ':' },
  d('xss-js-sink', 'xss', 'high', /\b(?:alert|prompt|confirm|atob|fetch|eval|settimeout|setinterval)\s*(?:\((?:(?<!\S \()|(?=\s*(?:$|\d|['"`$\\/)[@(]|[\w\\]+\s*[(,])))|`)|\.\s*(?:getscript|insertadjacenthtml)\s*\(|\bserviceworker\s*\.\s*register\s*\(|(?<!\/)document\s*\.\s*(?:cookie|domain|write|location)|window\s*\.\s*(?:location|open|name)|string\s*\.\s*fromcharcode|\.innerhtml|\bexpression\s*\((?:(?<=\S\()|(?=\s*(?:['"`$\\/)[@(]|[\w\\]+\s*[(,])))|srcdoc\s*=|\$\{\s*alert\b|\.\s*(?:sort|call|apply|constructor)\s*\.\s*call\s*`/),
  { ...d('xss-tag-open', 'xss', 'medium', /<[a-z]+[\s/][^>]{0,300}(?:\bsrc|\bhref|\bstyle|\baction|\bformaction|\bxmlns)\s*=/), chars: '<' },
  { ...d('xss-spaced-tag', 'xss', 'high', /<[^\w<>]{0,3}(?:[^<>"'\s]{1,20}:)?[^\w<>]{0,3}(?:s\W{0,3}c\W{0,3}r\W{0,3}i\W{0,3}p\W{0,3}t|f\W{0,3}o\W{0,3}r\W{0,3}m|d\W{0,3}i\W{0,3}a\W{0,3}l\W{0,3}o\W{0,3}g|i\W{0,3}f\W{0,3}r\W{0,3}a\W{0,3}m\W{0,3}e|s\W{0,3}v\W{0,3}g|s\W{0,3}t\W{0,3}y\W{0,3}l\W{0,3}e|e\W{0,3}m\W{0,3}b\W{0,3}e\W{0,3}d|o\W{0,3}b\W{0,3}j\W{0,3}e\W{0,3}c\W{0,3}t|m\W{0,3}e\W{0,3}t\W{0,3}a|b\W{0,3}a\W{0,3}s\W{0,3}e)\b/), chars: '<' },
  d('xss-handler-attribute', 'xss', 'high', /[\s"'`;]on[a-z]{3,40}\s*=|:event\s*=(?<=[\s"'`;][a-z]{1,20}:event\s*=)|\b(?:formaction|srcdoc|xlink:href)\s*=|\bbtoa\s*\(|\.\s*call\s*`|\$\{\s*eval\s*\}|(?:\\u00[2-7][0-9a-f]){2}|\\u\{[0-9a-f]{1,6}\}|(?:\\[0-7]{2,3}[^\\]{0,12}){3}/),
  // Letters written as JavaScript escapes (`\u0076\u0061lueOf`): nobody escapes a letter but to hide a name, and
  // the normalised text has them decoded, so they are looked for in the value as logged.
  { ...d('xss-handler-attribute', 'xss', 'high', /(?:(?:\\|%5c)u00[2-7][0-9a-f]){2}/i, 'raw'), words: ['\\u00', '%5cu00', '%5Cu00'] },
  // Path traversal, local file inclusion, restricted files
  // IIS's overlong slashes %c0%af and %c1%9c decode to the Latin-1 characters À¯ and Á\x9c, lower-cased here.
  { ...d('lfi-traversal', 'lfi', 'high', /(?:^|[\\/=:;,\s])\.{2,4}(?:[\\/]|\xe0\xaf|\xe1\x9c|;\/)/), chars: '.' },
  d('lfi-system-file', 'lfi', 'high', LFI_SYSTEM_FILE),
  // The same where a server would fold the path first: `/etc//passwd` and `/etc/./passwd` are `/etc/passwd`.
  d('lfi-system-file', 'lfi', 'high', LFI_SYSTEM_FILE, 'collapsed'),
  // A `.log` file counts at the site's root or in a log folder there (`/payment.log`, `/log/production.log`),
  // as a private key at the root does: deeper, a log is an upload shown as a page (an issue tracker's
  // `/secure/attachment/10200/server.log`) or an object in a bucket (`/shop-bucket/logs/app.log?uploads`).
  // The entry after it finds any hidden file or folder in the path. Sites serve none but /.well-known/ and the
  // platforms' own (Netlify's /.netlify/, Azure's /.auth/) or those of a proxy in front (Anubis's bot challenge
  // under /.within.website/, Pomerium's /.pomerium/) or Vite's dev-server cache (`/node_modules/.vite/`), and
  // nginx denies `/\.` in hardened setups, while scanners probe the dot-folders of tools for credentials
  // (`/.n8n/config`). A code-hosting site (GitLab's `/-/blob/main/`, Gitea's `/src/branch/main/`) shows a
  // repository's `.github/` or `.gitignore` as pages of its own, and a notebook server (Jupyter's
  // `/api/contents/`, `/notebooks/`, `/files/`) its checkpoints folder, so under such a view only the named files above count.
  { ...d('lfi-restricted-file', 'lfi', 'medium', /(?:^|[/=])\.(?:git|svn|hg|bzr|env|htaccess|htpasswd|aws|ssh|docker|dockerenv|npmrc|pypirc|netrc|bash_history|zsh_history|mysql_history|ds_store|idea|vscode|claude|codex|junie|cursor|gemini|windsurf|aider\w*|kube|git-credentials|gitconfig|continue|roo|zed|cline|clinerules|kiro|rovodev|windsurfrules|aiignore|cursorignore|cursorrules|copilot|mcp|ssh\/id_\w+)(?:[/?#]|$)|\/\.?ssh\/id_(?:rsa|dsa|ecdsa|ed25519)\b|(?:^|[/=])\/?(?:sys\/(?:class|kernel|devices|power|firmware)|proc\/(?:interrupts|version|cpuinfo|meminfo|mounts|net|sched_debug|kcore|cmdline|environ))\b|\/etc\/sub[ug]id\b|(?<![\w-])[\w-]*(?:debug|error|access)s?\.log$|^\/(?:_?logs?\/)?[\w.-]+\.log(?:$|\?)|^\/id_(?:rsa|dsa|ecdsa|ed25519)(?:$|\?|\.pub\b)|\.sql\.(?:gz|zip|bz2|tar|7z|xz)\b|(?:^|[/=\\])(?:web|meta)-inf[/\\]|\bweb\.config\b|\bwp-config\.php\b|\/phpinfo\.php\b|\/actuator\/(?:heapdump|jolokia)\b|\bconfig\.php\.(?:bak|old|save|swp)\b|\.(?:bak|old|sql|swp|backup)(?:$|\?)/, 'text', ['url']), chars: '.', words: ['ssh/id_', '/id_', 'sys/', 'proc/', '/etc/sub', '-inf/', '-inf\\', '/actuator/'] },
  // The same detector for any other hidden file or folder, read in the path alone: in the whole URL, checking
  // that no `?` came before each candidate read back to the query's start, and a query of `a/.-` repeated took
  // 36 ms. Reported once with the line above (reasons keep one per detector).
  { ...d('lfi-restricted-file', 'lfi', 'medium', /\/\.(?!(?:well-known|netlify|auth|within\.website|pomerium)(?:\/|$)|vite\/(?<=\/node_modules\/\.vite\/))(?<!\/(?:-\/)?(?:blob|tree|raw|blame|commits|edit|src|browse|contents|notebooks|files)\/[^]{0,300})[\w-][^/]*/, 'path', ['url']), chars: '.' },
  // An NTFS stream name after a file: IIS and Windows servers then hand out a script's source, or open a folder.
  { ...d('lfi-ntfs-stream', 'lfi', 'high', /[\w.]::\$(?:data|index_allocation)\b/), chars: ':' },
  { ...d('lfi-wrapper', 'lfi', 'high', /\b(?:php|file|expect|zip|phar|glob|data|compress\.zlib|ogg|ssh2\.\w+|rar):\/\/?/), chars: ':' },
  // Remote file inclusion
  { ...d('rfi-ip-url', 'rfi', 'high', /=\s*(?:https?|ftps?):\/\/(?:\d{1,3}\.){3}\d{1,3}/, 'text', ['url']), chars: ':' },
  { ...d('rfi-trailing-question', 'rfi', 'high', /=\s*(?:https?|ftps?):\/\/[^&\s]{0,300}?\?+(?:&|$)/, 'text', ['url']), chars: ':' },
  { ...d('rfi-include-param', 'rfi', 'high', /[?&;](?=[^=&]{1,100}=\s*(?:https?|ftps?|php|data|file|expect):)(?:file|page|pagina|include|inc|path|template|tpl|dir|doc|document|folder|root|pg|style|pdf|mosconfig_\w+|php_path|lang|language|config_?file|absolute_?path|path_?to_?[a-z]{1,20}|module|mod|conf|config|show|site|view|content|layout|load|read|cat|action|board|date|detail|download|prefix|nav|base_?path|base_?dir|class_?path|abs_?path|home|cfg|globals|_?include\w*|[a-z\d]{1,30}_(?:dir|root|inc|lib)|(?:include|inc|lib|root|source|src|skin|theme|template|language|lang|admin|module|mod|plugin|pm|app|site|install|file|script|phpbb_root|[a-z]{1,20}_root)_?(?:dir|path|root))(?:\[[^\]]*\])?\s*=\s*(?:https?|ftps?|php|data|file|expect):/, 'text', ['url']), chars: ':' },
  // OS command injection
  { ...d('rce-command-chain', 'rce', 'critical', commandChain(`\\n(?!${PROSE_START})`, `[\\s;|&<>\`$(){}]|\\/`, `;(?!${PROSE_AFTER_SEMICOLON})`, PIPE_NOT_IN_LIST, NOT_BEFORE_LIST_ELEMENT), 'shell', ['url', 'referrer']), chars: ';|`\n&$' },
  // In a User-Agent, `;` also separates the tokens of a comment, some of them command names: "Trident/7.0;
  // Touch; rv:11.0", "(compatible; Uptime/1.0)", "curl/7.58.0", Composer's "(Linux; 5.15.0; PHP 8.3.0; …)".
  // There a command needs more than a token's `;`, `)`, `/version` or ` version` after it (an address is no
  // version: `; ping 10.0.0.1` counts).
  { ...d('rce-command-chain-ua', 'rce', 'critical', commandChain('\\n', `[\\s|&<>\`$({}]|\\/(?!\\d)`, ';', '\\|', '(?!\\s+\\d+\\.\\d+(?:\\.\\d+)?(?![\\d.]))'), 'shell', ['user_agent']), chars: ';|`\n&$' },
  d('rce-shell-path', 'rce', 'critical', /\/(?:usr\/)?(?:s?bin)\/[a-z]|\/dev\/(?:tcp|udp)\/|[<>]&?\s*\$\{?\w+\}?\/(?:tcp|udp)\/|\bcmd(?:\.exe)?\s*\/[ck]\b|\bpowershell(?:\.exe)?\s+-|\b(?:ba|z|k|da|c|tc)?sh\s+-[ic]\b|\binvoke-(?:webrequest|expression)\b|\biwr\s+https?:|\b(?:nc|ncat|netcat)\s+(?:-\w+\s+){0,10}[\w.]+\s+\d+/, 'shell'),
  // A shell named by a relative path (`bin/sh`), and the devices a command line reads or throws its output away to.
  { ...d('rce-shell-path', 'rce', 'critical', /(?:^|[=\s;|&(`])(?:usr\/(?:local\/)?)?s?bin\/(?:(?:ba|z|k|da|c|tc|rba|a)?sh|busybox|nc|ncat|netcat|socat)\b|\/dev\/(?:fd\/\d|std(?:in|out|err)\b)|[a-z'"]\s*\d?[<>]&?\s*\/dev\/(?:null|zero|u?random)\b/, 'shell'), words: ['bin/', '/dev/'] },
  // Backticks around a command (`id`, `cat x`) or around paths or shell syntax; not around words, as Markdown quotes code.
  // Brace expansion as a word (`{cat,/etc/passwd}`) or inside one (`c{a,u}t`), but not a brace group after a
  // name or a bracket that ends there: GraphQL's selections over GET, `user(id:1){name,email}`, `node{id,total}}`.
  d('rce-substitution', 'rce', 'high', new RegExp(`\\$\\(\\s*[a-z]|\`(?=[^\`]{0,300}\`)\\s*(?:(?:[\\w/]*\\/)?(?:${SHELL_COMMANDS})(?![\\w-])[^\`]*|[a-z/][^\`]*[/;|&<>$*?'"\\\\][^\`]*)\`|\\$\\{ifs\\}|\\$ifs\\b|\\$\\{?(?:path|home|shell|pwd|0)\\b\\}?(?=[:/\\s]|$)|\\$\\{[a-z_]+:[\\d-]+(?::\\d+)?\\}|\\$@|\\$\\{#?[a-z_]*\\}\\w|(?<![){\\w]\\s*)\\{[a-z]+,[^}]*\\}|(?<=\\w)\\{[a-z]+,[^}]*\\}(?=[\\w/.])|\\$\\[|\\$\\(\\(|[<>]\\(\\s*[a-z]|[a-z]\\$[!*?\\-_$@][a-z]`), 'text'),
  // A bracketed name that is a whole path segment is a web framework's dynamic route, not a glob: Next.js
  // serves every page's code from paths such as `/_next/static/chunks/app/[locale]/[id]/page-1f.js` (sent as
  // %5B…%5D), and a glob class with nothing glued to it would only match one-character file names.
  d('rce-glob-path', 'rce', 'high', /\/(?!\[[a-z]+\](?![?*[\]a-z]))[?*[\]a-z]{0,4}[?*[][?*[\]a-z]{0,4}\/(?!\[[a-z]+\](?![?*[\]a-z]))[?*[\]a-z]*[?*[][?*[\]a-z]*/, 'text'),
  { ...d('rce-glob-class', 'rce', 'high', /\/(?:[a-z]+\[!?[a-z/-]{1,12}\](?![{+])[a-z]*|\[!?[a-z/-]{1,12}\](?![{+])[a-z]+)\/?/, 'text', ['url']), chars: '[' },
  // A User-Agent that is a command line: tools run by hand, or a header filled with a payload.
  d('rce-ua-command', 'rce', 'high', /^(?:time|strace|ltrace|nohup|env|perf|ansible[\w-]*|chef[\w-]*|visudo|cscli|set|wget|curl|bash|sh|nc|ncat|python[23]?|perl|ruby|php|sudo|nmap|ssh|scp|rsync|powershell)\s+[-\w]|^[a-z_]+=[^&\s]*&&/, 'text', ['user_agent']),
  { ...d('rce-shellshock', 'rce', 'critical', /\(\s*\)\s*\{[^}]{0,300}?;\s*\}\s*;|(?:^|[?&=])\s*\(\s*\)\s*\{/), chars: '(' },
  { ...d('rce-smtp-injection', 'rce', 'medium', /[\r\n]\s*(?:ehlo|helo|mail\s+from|rcpt\s+to|data)\b/), chars: '\n' },
  { ...d('rce-mail-protocol', 'rce', 'high', /[\r\n]\s*(?:vrfy|expn|retr|list|top|auth|apop|user|pass|stat|dele|uidl|quit|rset|noop|capa|stls)\b|[\r\n]\s*\w+\s+(?:examine|select|login|fetch|store|capability|logout|authenticate|lsub|status|append|create|delete|rename|copy|uid|starttls|search)\b/), chars: '\n' },
  // Not the first element of a list of words glued by pipes when it does nothing without an argument (`pet=cat|dog`),
  // and not before a spaced separator and a word that is no command: a brand or a phrase ("head | shoulders").
  { ...d('rce-value-command', 'rce', 'high', new RegExp(`(?:^|[?&=])\\s*(?:${SHELL_COMMANDS})(?:\\s+(?:-{1,2}[a-z]|[<>]|/[\\w.*?[\\]]+/)|\\s*(?:;|&&|\\|)(?!\\s+(?!(?:[\\w/]*\\/)?(?:${SHELL_COMMANDS})(?![\\w-]))[a-z]))(?!(?<=[?&=](?:${IDLE_WITHOUT_ARGUMENTS})\\|)[\\w.-])`), 'shell', ['url', 'referrer']), chars: ' \n;&|' },
  { ...d('rce-windows-switch', 'rce', 'high', new RegExp(`(?:[;&|\\n]|\\$\\()\\s*(?:${WINDOWS_COMMANDS}|${SHARED_COMMANDS})(?:\\.exe)?\\s*(?:/[a-z?]|<|>|-[a-z]|https?:\\/\\/|\\\\\\\\)`), 'shell'), chars: ';&|\n$' },
  // Living-off-the-land tools with the subcommand that does the harm (`wmic process call create`, `vssadmin delete shadows`).
  { ...d('rce-windows-switch', 'rce', 'high', /(?:[;&|\n]|\$\()\s*(?:wmic(?:\.exe)?\s+(?:process|os|useraccount|service|shadowcopy|qfe|startup|computersystem|nicconfig|product|share|group|logicaldisk)\b|vssadmin(?:\.exe)?\s+(?:delete|list|create|resize)\s+shadow|wevtutil(?:\.exe)?\s+(?:cl|clear-log)\b|netsh(?:\.exe)?\s+(?:advfirewall|firewall|wlan|interface\s+portproxy)\b)/, 'shell'), words: ['wmic', 'vssadmin', 'wevtutil', 'netsh'] },
  { ...d('rce-shell-syntax', 'rce', 'high', /(?<![\w:])[\w:]+\s*\(\s*\)\s*\{(?=[^}]{0,300}\})[^}|]*\|[^}]*&\s*\}|(?:^|[=;])\s*\(\s*\)\s*\{|\{\s*,[^}]*,|\balias\s+(?:[+-]\w{0,20}\s+){0,10}[\w-]{1,100}=/), chars: '{', words: ['alias'] },
  d('rce-lone-command', 'rce', 'high', /^(?:code=)?(?:id|whoami|uname(?:\s+-a)?|visudo|chef-[\w-]+|ansible-[\w-]+|set\s+-o\s+\w+|env\s+--?\w+|perf\s+--?\w+)$/, 'shell', ['user_agent', 'referrer']),
  { ...d('rce-windows-for-if', 'rce', 'high', /\bfor\s*(?:\/[dflr][^%]{0,60})?%+[^\s]{1,100}\s+in\s*\(|\bif(?:\s*\/i)?(?:\s+not)?\s+(?:(?:exist|defined|errorlevel|cmdextversion)\s+\S|[^=&\s]{1,40}\s*==)/, 'shell'), chars: '% ' },
  // PHP injection
  { ...d('php-open-tag', 'php', 'critical', /<\?(?:php\b|=|\s)/), chars: '<' },
  { ...d('php-function-call', 'php', 'high', new RegExp(String.raw`\b(?:eval|assert|system|exec|shell_exec|passthru|popen|proc_open|pcntl_exec|base64_decode|gzinflate|gzuncompress|str_rot13|preg_replace|call_user_func(?:_array)?|create_function|file_get_contents|file_put_contents|fopen|fwrite|readfile|include(?:_once)?|require(?:_once)?|phpinfo|move_uploaded_file|unserialize|highlight_file|show_source|var_dump|print_r|array_map|usort|ini_set|getenv|chr|ord)\s*(?:#[^\n]{0,100}\n|\s)*\(` + CALL_OPEN)), chars: '(' },
  { ...d('php-variable-call', 'php', 'high', /\(\s*['"]?(?:system|exec|shell_exec|passthru|assert|eval)['"]?\s*\)\s*\(|\(\s*['"](?:phpinfo|popen|proc_open|pcntl_exec|create_function|call_user_func(?:_array)?|file_get_contents|file_put_contents|readfile|unserialize)['"]\s*\)\s*\(|\$_(?:get|post|cookie|request|server|files|env|session)\b|\$globals\b|\bphp:\/\/(?:input|filter|stdin)|\bo:\d+:"[\w\\]+":\d+:\{|\ballow_url_include\b|\bauto_prepend_file\b|\bdisable_functions\b/), chars: '($:_' },
  { ...d('php-open-tag-any', 'php', 'high', /<\?$|<\?xml\s*:|\[\/?php\]|\{\/?php\}|\[\\php\]/), chars: '<[{' },
  { ...d('php-dangerous-call', 'php', 'high', new RegExp(`(?:^|[^\\w$>])(?:${PHP_FUNCTIONS})(?:\\s|(?:#|\\/\\/)[^\\n]*\\n)*\\(${CALL_OPEN}`)), chars: '(' },
  // The same call with a tab or a run of spaces before its bracket, which the normalised text makes one space
  // (and so prose-like): matched in the value as logged, only when it holds such a run.
  { ...d('php-spaced-call', 'php', 'high', new RegExp(`(?:^|[^\\w$>]|%[0-9a-f]{2})(?:${PHP_FUNCTIONS})(?:(?:%20|\\+|\\s){2,}|(?:%20|\\+|\\s)*(?:%09|%0b|%0c|[\\t\\v\\f])(?:%20|\\+|\\s|%09|%0b|%0c)*)(?:\\(|%28)`, 'i'), 'raw'), needs: '(', words: ['%09', '%0b', '%0B', '%0c', '%0C', '%20%20', '++', '+%20', '%20+', '\t', '\v', '\f', '  '] },
  { ...d('php-obfuscated-name-call', 'php', 'high', /(?:call_user_func|fsockopen|gzinflate|gzdecode|bzdecompress|base64_decode|shell_exec|proc_open|passthru|str_rot13|create_function)\s*\(|['"][\w\\]+['"]\(|\[\s*\w+\s*\]\s*\[\s*\d+\s*\]\s*\)?\s*(?:\{[^}]*\}\s*)?\(|\([\w()'"]{0,100}\.[\w.()'"]{0,100}\)\s*\(\s*@?\w/), chars: '(' },
  d('rce-tilde-expansion', 'rce', 'medium', /(?:^|[\s=;|&])~[+-](?:$|\d|[\s/;|&])/),
  { ...d('php-variable-function', 'php', 'high', new RegExp(String.raw`(?<!\$)\$+(?:[a-z_][\w\x7f-\xff]*|\s*\{[^}]{1,200}\})(?:\s|\[[^\]]{0,200}\]|\{[^}]{0,200}\}|(?:#|\/\/)[^\n]{0,200}\n)*\([^)]{0,200}\)|\(\s*\$[a-z_]\w*\s*\)\s*\([^)]{0,200}\)`)), chars: '$' },
  // Java injection and JNDI lookups (log4shell); the nested lookups are resolved first, see resolveLookups
  { ...d('java-jndi-lookup', 'java', 'critical', /\$\{\s*jndi\s*:|\$\{[^}]{0,80}\b(?:ldaps?|rmi|dns|iiop|corba|nds|nis):\/\//, 'lookups'), chars: '$' },
  { ...d('java-nested-lookup', 'java', 'high', /\$\{[^}]*\$\{|\$\{(?:lower|upper|env|sys|java|main|date|ctx|bundle|spring|k8s|docker|log4j|base64|web|map|sd|marker|jvmrunargs|event)\s*:/), chars: '$' },
  d('java-class-abuse', 'java', 'critical', /\bjava\.(?:lang\.(?:runtime|processbuilder|system|class|reflect)|io\.(?:file|bufferedreader|objectinputstream)|net\.url|beans\.)|\bgetruntime\s*\(|\bprocessbuilder\b|\bclass\.(?:module\.)?classloader|#_memberaccess|[%$]\{[\s(]*#[a-z_]\w*\s*(?:=|\[|\.)|@java\.lang|@ognl\.|\bognl(?:context|util|runtime)\b|\bxwork2?\.|\bjavax\.(?:script|naming)|\bclassloader\.(?:resources|urls)|\bt\(java\./),
  // Confluence's setup flag bound from a parameter name (CVE-2023-22515): an entry of its own, behind its word.
  { ...d('java-class-abuse', 'java', 'critical', /\bbootstrapstatusprovider\.applicationconfig\.|\bapplicationconfig\.setupcomplete\b/, 'text', ['url']), words: ['applicationconfig'] },
  // Java's serialization header, AC ED 00 05: in base64, in hex, or as bytes (whose null the text view drops).
  // eslint-disable-next-line no-control-regex -- those bytes as decoded from %ac%ed%00%05
  d('java-serialized', 'java', 'high', /\bro0ab|\xac\xed\x05|\baced0005/),
  // Classes that JSON and XML binders build when a document names them: Fastjson's `@type`, Jackson's
  // polymorphic array, XStream's element names. A `@type` of JSON-LD is a word or a URL, never a package path.
  { ...d('java-deserialization-gadget', 'java', 'critical', /["']@type["']\s*:\s*["'][a-z_$][\w$]*(?:\.[\w$]+){2,}["']|\[\s*["'](?:com\.sun\.rowset\.jdbcrowsetimpl|org\.apache\.[\w.]{1,100}|com\.mchange\.v2\.c3p0\.[\w.]{1,100}|com\.zaxxer\.hikari\.[\w.]{1,100}|ch\.qos\.logback\.[\w.]{1,100}|org\.springframework\.[\w.]{1,100}|com\.sun\.org\.apache\.[\w.]{1,100}|javax\.[\w.]{1,100}|java\.[\w.]{1,100})["']\s*,\s*\{|<\s*(?:jdk\.nashorn\.internal\.[\w.]{1,100}|dynamic-proxy|java\.beans\.eventhandler|sorted-set|com\.sun\.[\w.]{1,100}|javax\.[\w.]{1,100}|java\.lang\.[\w.]{1,100})\s*>/), chars: '@[<' },
  // Scanners and attack tools that say who they are
  d('scanner-ua', 'scanner', 'high', /\b(?:sqlmap|nikto|nmap|masscan|zgrab|nuclei|acunetix|netsparker|wpscan|dirbuster|gobuster|dirb|ffuf|wfuzz|openvas|nessus|w3af|arachni|havij|zmeu|appscan|webinspect|paros|whatweb|jaeles|fimap|commix|skipfish|morfeus|sqlninja|pangolin|jbrofuzz|brutus|metasploit|nasl|absinthe|bsqlbf|webshag|webvulnscan|grendel-scan|(?<!python-)httpx|xsstrike|zap|owasp[ _-]?zap|burp(?:suite|collaborator)?|wapiti|vega|netcraft|qualys|cgichk|mysqloit|(?:black|white)widow|floodgate|crimscanner|detectify|struts-pwn|zmap|interactsh|log4shell|teh forest lobster|domino hunter|censys(?:inspect)?|leakix|feroxbuster|fuzz faster u fool|hydra|l9explore|l9tcpid|dirsearch|nettacker|jorgee|dotdotpwn|joomla scanner|katana\/\d|x8\/\d|wafw00f|xray\/\d|sf\/\d\.\d+b)\b/, 'text', ['user_agent']),
  // Other injections: prototype pollution, server-side JavaScript, Perl/Ruby, SSRF to internal addresses
  { ...d('generic-prototype-pollution', 'generic', 'high', /__proto__|\bconstructor\s*(?:\.|\[)\s*prototype\b|\bobject\s*\.\s*prototype\s*\.\s*[\w$]+\s*=|['"]constructor['"]\s*:\s*\{\s*['"]prototype['"]\s*:/), chars: '_.[:' },
  d('generic-node-injection', 'generic', 'critical', /\bchild_process\b|\brequire\s*\(\s*['"`]|\bprocess\s*\.\s*(?:mainmodule|binding|_linkedbinding|env|exit|kill|abort|reallyexit|chdir|umask|openstdin|memoryusage|(?:set|get|init)(?:e?[ug]id|groups))\b|\bprocess\.(?:global|constructor|std(?:in|out|err))\b|\bfunction\s*\(\s*\)\s*\{|\bnew\s+function\b|\bthis\.constructor\b|\bglobal(?:this)?\s*(?:\.\s*process\b|\[\s*['"`]process['"`]\s*\])|\bprocess\s*\[\s*['"`](?:mainmodule|binding|env|exit|kill|constructor|chdir|setuid)['"`]\s*\]|\breflect\s*\.\s*(?:construct|apply)\s*\(\s*function\b|\bimport\s*\(\s*['"`]|\b(?:global(?:this)?|process|module|require)\s*\[\s*(['"`])[\w$]{0,40}\1\s*\+/),
  { ...d('generic-template-injection', 'generic', 'high', /@\{\[[^\]]{0,300}\]\}|\{\{(?=[^{}]{0,300}\}\})[^}]*?(?:\.|\(|\[|__|config|self|request|lipsum|cycler|joiner|namespace)[^}]*\}\}|\$\{(?=[^{}]{0,300}\})[^}]*?[.(][^}]*\}|<%=?[^%]{0,300}%>|#\{[^}]{0,300}\}|\{php\}|\{\{\s*\d+\s*\*\s*\d+\s*\}\}|\{\$smarty\./), chars: '{<' },
  { ...d('generic-ssrf', 'generic', 'high', /=\s*(?:unix:\/{1,3}[\w.-]+\/|(?:https?|gopher|dict|ftp|ldap|tftp|file|jar|netdoc)s?:\/*(?:\[?[0-9a-f:]*::[0-9a-f:.]*\]?|127\.\d+\.\d+\.\d+|0\.0\.0\.0|0x[0-9a-f]+|0[0-7]+\.|\d{8,10}(?![\d.])|localhost\b|169\.254\.169\.254|metadata\.google\.internal|100\.100\.100\.200|\d+\.\d+(?:\/|$)|[\d.]*@))|\b(?:gopher|dict|tftp):\/\//, 'text', ['url']), chars: ':' },
  { ...d('generic-ssrf-evasion', 'generic', 'high', /(?:[?&=]|^)\s*[a-z][\w+.-]{1,15}:\/\/(?:[^/?#&\s]*@)?(?:\[[0:]*(?:ffff)?:?(?:[0-9a-f]{1,4}:[0-9a-f]{1,4}|\d+\.\d+\.\d+\.\d+)\]|169\.254\.|127\.|0[0-7]*\.0|\d{8,10}(?![\d.])|0[0-7]{8,}|[\u2460-\u24ff]|[^/?#&\s]*\u3002|(?:\\+[a-z.]){3}|metadata\.|instance-data\b|localhost\b|0(?::\d+)?(?:[/?#&\\]|$))|\b(?:jar|local_file|netdoc):|=\s*(?:https?|ftps?|file)\?$/, 'text', ['url']), chars: ':', words: ['http?', 'https?', 'ftp?', 'ftps?', 'file?'] },
  { ...d('generic-prototype-brackets', 'generic', 'high', /\[\s*['"]?constructor['"]?\s*\]\s*\[\s*['"]?prototype['"]?\s*\]/), chars: '[' },
  // XML external entities (XXE): an entity that reads a file or a URL, or a DOCTYPE with an internal subset or
  // an external DTD; not a PUBLIC DOCTYPE alone, which XHTML pages start with.
  { ...d('generic-xml-entity', 'generic', 'high', /<!entity\s+(?:%\s*)?[\w.:-]+\s+(?:system|public)\b|<!doctype\s+[\w.:-]+\s*(?:\[|system\b)/), chars: '<' },
  // Server-side JavaScript (a MongoDB `$where`, a Node.js eval) made to wait: a quote closed, then the clock
  // read into a variable, or a do-while loop, which prose never writes.
  { ...d('generic-js-busy-wait', 'generic', 'high', /['"\x60]\s*;\s*(?:(?:var|let|const)\s+)?[\w$]+\s*=\s*new\s+date\s*\(|\bdo\s*\{[^}]{0,300}\}\s*while\s*\(/), chars: '(' },
  { ...d('generic-node-dos', 'generic', 'high', /\bwhile\s*\(\s*\(*\s*(?:!+\s*(?:false|null|undefined|nan|[+-]?0|""|''|``)|(?:!!)*(?:true|this|[+-]?(?:infinity|[1-9]\d*)|new\s+[a-z]\w*|window|string|boolean|function|object|array)\b|\{.*\}|\[.*\]|"[^"]+"|'[^']+'|`[^`]+`).*?\)|\bfor\s*\(\s*(?:(?:let|var)\s+)?(?:[\w$]+\s*=[^;]*)?;\s*(?:true|[1-9]\d*|!+\s*(?:0|false))?\s*;/), chars: '(' },
  // Any loop with an empty body (`while(x=1){}`, `while(typeof x){}`): it only spins. Or a loop of code with a
  // body, a block or a statement (`while(i<Infinity) i++`, `while(a=1)a++`); prose puts words after its brackets.
  { ...d('generic-node-dos', 'generic', 'high', /\bwhile\s*\([^()]{0,100}(?:\([^()]{0,100}\)[^()]{0,100})?\)\s*(?:\{|[\w$.]{1,40}\s*(?:\+\+|--|[-+*/]?=(?!=)|\())/), words: ['while'] },
  d('generic-node-serialized', 'generic', 'critical', /_\$\$nd_func\$\$_|__js_function|\bmodule\s*\.\s*exports\s*=|\beval\s*\(\s*string\s*\.\s*fromcharcode|\bspawn(?:sync)?\s*\(|\bexecsync\s*\(|\([\w\s,]*\)\s*=>\s*\{|\bglobalthis\b/),
  d('generic-perl-ruby', 'generic', 'high', /@\{\[|\bsystem\s*\(\s*['"]|\bkernel\.(?:exec|system|spawn|open)|\bio\.popen|\bopen3|\bobjectspace|\beval\s*\{|\bqx\s*[{(/]/),
  // Session fixation: a cookie set from the request, or a session id planted in a link
  { ...d('session-cookie-set', 'session_fixation', 'high', /\.cookie\b.*?;\s*(?:expires|domain|path|max-age)\s*=|\bhttp-equiv\W+set-cookie\b|\bdocument\s*\.\s*cookie\s*=|(?:^|[\n;])\s*set-cookie\s*:/), chars: '.-' },
  // The session cookies of servers and frameworks as a parameter: Tomcat's JSESSIONIDSSO, SiteMinder's SMSESSION,
  // Play's, Koa's and Express's, Drupal's SESS<32 hex>, Rails' _<app>_session, osCommerce's osCsid, Perl's
  // CGISESSID, OpenCart's, XenForo's, vBulletin's, Lotus Domino's, IBM's LTPA, Zope's, F5 APM's and SAP's.
  // Not engine.io's (Socket.IO's) `sid` beside its `EIO=`: a connection id, which the WebSocket upgrade sends
  // without a Referer, as browsers send none there. Only `sid=` is checked for it, and within 300 characters,
  // so that a value of many `&sid` stays linear.
  { ...d('session-id-param', 'session_fixation', 'medium', /[?&;](?:aspsessionid\w*|asp\.net_sessionid|phpsessid|phpsession|weblogicsession|cfsid|jservsession|jwsession|siteserver|cfid|cftoken|jsessionid(?:sso)?|sessid|smsession|play_session|(?:koa|express)[.:]sess|mocksessid|s?sess[0-9a-f]{32}|_[a-z0-9]+_session|sid(?=\s*=)(?<![?&;]eio=\d[\s\S]{0,300}sid)(?![\s\S]{0,300}[?&;]eio=\d)|viewstate|zenid|session[_-]?id|sess_id|_session_id|connect\.sid|laravel_session|ci_session|rack\.session|sails\.sid|express\.sid|ssid|oscsid|cgisessid|ocsessid|xf_session|bbsessionhash|domauthsessid|ltpatoken2?|_zopeid|mrhsession|sap-contextid|mysapsso2)\s*=/, 'text', ['url']), offSiteReferrer: true, chars: '=' },
  // ASP.NET's cookieless sessions carry the id in the path: `/(S(lit3py55t21z5v55vlm25s55))/default.aspx`.
  { ...d('session-id-param', 'session_fixation', 'medium', /\/\(s\([a-z0-9]{24}\)\)\//, 'path', ['url']), offSiteReferrer: true, chars: '(' },
  // HTTP protocol abuse visible in the request target: header or request injection by CR/LF, encodings a
  // server decodes differently from a filter, proxy and LDAP syntax, files no site serves
  // A header after a line break: any name after a value's first token (`en\r\nX-Probe: 1`, how scanners test
  // for it), and after text only one that changes the response or what a proxy forwards, since the line of
  // a note that starts with a word and a colon ("back door\ntime: after 6pm", "To: Alice\nFrom: Bob") is text.
  { ...d('protocol-crlf-header', 'protocol', 'high', /(?<=(?:^|[=&?])[^\s=&?]{0,300})\n\s*[a-z][\w-]{1,40}\s*:|\n\s*(?:(?:set-cookie|cookie|location|refresh|content-[\w-]{1,40}|transfer-encoding|host|via|forwarded(?:-[\w-]{1,40})?|remote-(?:ip|addr)|originating-ip|x-[\w-]{1,40}|access-control-[\w-]{1,40}|link|authorization|proxy-[\w-]{1,40}|www-authenticate|strict-transport-security|connection|upgrade|expect|status|origin|referer|user-agent)\s*:|(?:get|post|head|put|delete|options|connect|trace|track|patch|propfind|mkcol|copy|move|lock|unlock)\s+\S+\s+http\/\d|http\/\d)/), chars: '\n' },
  // A line break in a parameter's name or before code, and (the entry after it) in the path; not one between
  // lines of text in a value (a message or a pasted address sent with GET, blank lines, `- ` or `* ` list lines,
  // Markdown's checkboxes `- [ ] ` and a colon before a space included), which CRS too flags only from
  // paranoia level 2.
  // Each line is read up to its own end: a lookahead to the value's end from every line break, and a lookbehind
  // to its start for the path, read a value of many short lines many times over (79 ms for `a\n` to 8 KiB).
  { ...d('protocol-line-break', 'protocol', 'medium', /\n(?!\n{0,4}(?:[-*] (?:\[[ x]\] )?)?[a-z0-9\u00c0-\uffff](?:[a-z0-9\u00c0-\uffff' ,.!?;()-]|:(?= ))*(?:&|$|\n))/, 'text', ['url']), chars: '\n' },
  { ...d('protocol-line-break', 'protocol', 'medium', /\n/, 'path', ['url']), chars: '\n' },
  // eslint-disable-next-line no-control-regex -- a raw null byte is what this finds, beside its escape
  { ...d('protocol-null-byte', 'protocol', 'high', /%00|\u0000/i, 'raw'), chars: '%\u0000' },
  // A terminal's escape sequences (CSI `ESC [`, OSC `ESC ]`) aimed at whoever reads the log in a terminal: they
  // clear the screen, retitle the window or plant a link. Sent encoded, or as the `\x1B` a server logs.
  { ...d('protocol-terminal-escape', 'protocol', 'high', /(?:%1b|\\x1b|\\u001b|\\e)[[\]]/i, 'raw'), chars: '%\\' },
  // A value that is an encoded URL or path (`next=%2Fsearch%3Fq%3Dred%2520shoes`, `u=https%3A%2F%2F…%25C3%25A9`)
  // carries its own query's encoding one level deeper: a return address after login, a tracked link (a link
  // wrapped twice is encoded twice, its scheme too). So does a slash inside a path segment: Jenkins names the
  // job of branch feature/login `/job/shop/job/feature%252Flogin/`, and so does the path of a URL whose scheme
  // is left raw (`/url?q=https://shop.example/p/caf%25C3%25A9`; in its host it still counts) or of one in an
  // encoded JSON string (an OAuth `state` of `{"returnTo":"/checkout?note=hi%20there"}`). What the deeper
  // level decodes to is still read by the other detectors.
  // %25 before a number and then more text is a percent sign written first, as Turkish does ("%50 indirim"),
  // not a second round of encoding; so is one that ends the value, but for %2520–%2529 (space, quotes, brackets).
  { ...d('protocol-encoding-abuse', 'protocol', 'medium', /%(?![0-9a-f]{2}|u)|%u[0-9a-f]{4}|%c[01]%[89ab][0-9a-f]|%e0%[89][0-9a-f]%[89ab][0-9a-f]|%25(?=[0-9a-f]{2}|u[0-9a-f]{4})(?<!=https?%25|=https?%253a%25|=https?%253a%252f%25|=%25(?=2f)|=(?:https?%3a%2f%2f|https?%253a%252f%252f|%2f|%252f)[^&\s]{0,1000}%25|=https?:\/\/[^/&\s]{1,300}\/[^&\s]{0,1000}%25|%22%3a%22(?:https?%3a%2f%2f|%2f)[^&\s]{0,1000}%25|^\/[^?]{0,1000}%25(?=2f))(?!(?:100|[1-9]?\d)(?:[\s+,.;:!?)']|%20|%27|%2c|%2e|%e2%80%99)(?!$|&)|(?!2\d)(?:100|[1-9]?\d)(?:$|&))(?:[0-9a-f]{2}|u[0-9a-f]{4})/i, 'raw', ['url']), chars: '%' },
  { ...d('protocol-raw-fragment', 'protocol', 'medium', /#/, 'raw', ['url']), chars: '#' },
  { ...d('protocol-response-splitting', 'protocol', 'high', /\bhttp\/(?:0\.9|1\.[01]|2(?:\.0)?)\b|\b(?:get|post|head|put|delete|options|connect|trace|patch)\s+(?:\/|[a-z]+:\/\/)\S*\s+http\/\d/, 'text', ['url']), words: ['http/'] },
  { ...d('protocol-mod-proxy', 'protocol', 'high', /^\/?(?:proxy|unix):|\bunix:[^|?&]{0,300}\|/, 'text', ['url']), chars: ':' },
  d('protocol-method-override', 'protocol', 'medium', /[?&;](?:_method|x-http-method(?:-override)?|x-method-override)=(?:get|head|post|put|delete|patch|options|trace|connect|propfind|proppatch|mkcol|copy|move|lock|unlock|search)(?:$|&)/, 'text', ['url']),
  { ...d('protocol-ldap-injection', 'protocol', 'high', /\(\s*[&|!]\s*\(\s*[\w.;-]+\s*[~<>]?=|\*\s*\)\s*\(\s*[&|!]?\s*[\w.;-]+\s*[~<>]?=|\)\s*[&|!]?\s*\(\s*[|&!]\s*(?:\(|\)|$)|\)[&|!]?\(\s*[\w.;-]+\s*[~<>]?=|\)\s*\)\s*\(\s*[|&]/), chars: '(' },
  // Of the .axd handlers only the diagnostic pages: ASP.NET Web Forms pages load their scripts from
  // WebResource.axd and ScriptResource.axd.
  // XPath: a predicate closed and a new path joined (`')] | //user`). Probes of the document's shape
  // (`count(/*)=1`) are not read: the text view drops their `/*` as a comment.
  { ...d('protocol-xpath-injection', 'protocol', 'high', /['"]\s*\)?\s*\]\s*\|\s*\/\//), chars: '|' },
  // Spreadsheet formulas exported from a value (CSV injection): a DDE call (`cmd|' /C calc'!A0`) anywhere after
  // a formula sign, or a function that fetches a URL at the start of a value.
  { ...d('rce-spreadsheet-formula', 'rce', 'high', /(?:^|=)\s*[=+\-@][^&]{0,200}?\b[a-z]\w*\s*\|\s*['"][^'"&]{0,200}['"]\s*![a-z]*\d|(?:^|[?&][^=&]{0,100}=)[=+\-@]\s*(?:hyperlink|importxml|importdata|importhtml|importfeed|importrange|webservice)\s*\(/), chars: '|(' },
  { ...d('protocol-restricted-extension', 'protocol', 'medium', /^[^?]*\.(?:asa|asax|ascx|backup|bak|bat|cdx|cer|cfg|cmd|config|conf|cs|csproj|csr|dat|db|dbf|dll|dos|htr|htw|ida|idc|idq|inc|ini|key|licx|lnk|mdb|old|orig|pass|pdb|pol|printer|pwd|rdb|resources|resx|save|sql|sqlite3?|swp|sys|tmp|vb|vbs|vbproj|vsdisco|webinfo|xsd|xsx)(?:$|[?;])|^[^?]*~(?:$|\?)|^[^?]*\/(?:trace|elmah)\.axd(?:$|[/?;])/, 'text', ['url']), chars: '.~' },
  // More of the families above, written from the techniques each names (not from any test's payload)
  // A path parameter that is only an extension (`/admin;.js`, `/users;.jsp`): servlet containers drop it, while
  // a filter in front that lets static files or JSPs through reads the extension (TeamCity's and Spring's bypasses).
  { ...d('protocol-extension-path-parameter', 'protocol', 'high', /;\.(?:jspx?|js|css|ico|png|gif|html?|do|action|json)(?=$|[/?;&#])/, 'text', ['url']), words: [';.'] },
  // A script's extension followed by an encoded `?` in the path: the server's handler and the script runner
  // disagree on where the path ends (Apache's confusion attacks, Ivanti CSA's `index.php%3F.php`).
  { ...d('protocol-encoded-query-in-path', 'protocol', 'high', /^[^?]*\.(?:php\d?|phtml|jspx?|aspx?|cgi|pl)%3f/i, 'raw', ['url']), chars: '%' },
  // Groovy runs a string or a list as a command with `.execute()` (Jenkins' script console, OFBiz's ProgramExport).
  { ...d('java-groovy-execute', 'java', 'critical', /(?<=['"]\s*\]?\s*\.\s*)execute\s*\(\s*\)/, 'text', ['url', 'referrer']), words: ['execute'] },
  // The hosts of out-of-band testing services (interactsh, Burp Collaborator, dnslog): a blind probe names one so
  // that the target calls it back (in any field: scanners put them in the User-Agent and Referer too), and no
  // site's own traffic does.
  { ...d('scanner-oast-host', 'scanner', 'high', /[\w-]\.(?:oast\.(?:pro|live|site|online|fun|me)|oastify\.com|burpcollaborator\.net|interact\.sh|interactsh\.com|dnslog\.cn|ceye\.io)\b/), words: ['oast', 'burpcollaborator', 'interact', 'dnslog', 'ceye.io'] },
  // Windows 8.3 short names in the path (`/PROGRA~1/`, `/web~1.con`): a way around the long name's access rules
  // on IIS.
  { ...d('lfi-windows-short-name', 'lfi', 'medium', /^[^?]*\/[a-z0-9_$-]{1,6}~[1-9](?:\.[a-z0-9]{1,4})?(?=$|[/?;])/, 'text', ['url']), chars: '~' },
  // IIS's tilde enumeration with wildcards (`/a*~1*/.aspx`), read as logged: the normalised text takes `/*…*/` for a comment.
  { ...d('lfi-windows-short-name', 'lfi', 'medium', /^[^?]*\/[^/?]{0,12}(?:(?:\*|%2a)~[1-9]|~[1-9](?:\*|%2a))/i, 'raw', ['url']), chars: '~' },
  { ...d('generic-data-scheme', 'generic', 'high', /(?:^|[=&?])\s*data:(?:[a-z][\w.+-]*\/[\w.+-]+)?(?:;[\w.+-]+(?:=[\w.+-]+)?)*[;,]/, 'text', ['url']), chars: ':' },
  // Here and in generic-ssrf-ip-url the user part may hold a `#` (`http://evil.example#@127.0.0.1/`): URL
  // parsers disagree on where such a host starts, which is what the trick relies on.
  { ...d('generic-ssrf-internal-host', 'generic', 'high', /(?:^|[=&?])\s*(?:[a-z][\w+.-]{1,15}:)?(?:\/\/|\\\\)?(?:[^/?&\s@]*@)?(?:localhost|127(?:\.\d{1,3}){3}|0\.0\.0\.0|\[[0:]*:1?\]|metadata\.google\.internal|metadata\.azure\.com|instance-data|kubernetes\.default(?:\.svc)?|ip6-(?:localhost|loopback)|[\w-]+\.(?:[\w-]+\.)?(?:internal|localdomain|local|lan|corp|home\.arpa|intranet|svc\.cluster\.local|consul)|(?:[\w-]+\.)+localhost|(?:[\w-]+\.)*(?:localtest|lvh)\.me|(?:[\w-]+\.)+rbndr\.us|::1)\.?(?::\d+)?(?:[/?#&\\]|\s*$)/, 'text', ['url']), chars: '[', words: ['::1', 'localhost', 'ip6-', '127.', '0.0.0.0', 'metadata.', 'instance-data', 'kubernetes.default', '.internal', '.local', '.lan', '.corp', '.home.arpa', '.intranet', '.consul', 'localtest.me', 'lvh.me', '.rbndr.us'] },
  // A query that starts with `@host/`: the path-confusion SSRF of Exchange's autodiscover (ProxyShell), where
  // the server's URL parser takes what follows `?@` for the host.
  { ...d('generic-ssrf-query-authority', 'generic', 'high', /\?@[\w-]+(?:\.[\w-]+)+\//, 'text', ['url']), chars: '@' },
  // Also as a Referer: only the instance itself could send one, so it is a probe of a server that fetches its Referers.
  { ...d('generic-cloud-metadata', 'generic', 'high', /(?:\/\/|@)(?:169\.254\.169\.254|169\.254\.170\.2|100\.100\.100\.200|\[?fd00:ec2::254)\b|metadata\.google\.internal|\/latest\/meta-data\b|\/computemetadata\/v1\b|\/metadata\/instance\b/, 'text', ['url', 'referrer']) },
  // The address alone as a value, as the SSRF bypass lists send it without a scheme.
  { ...d('generic-cloud-metadata', 'generic', 'high', /=\s*(?:169\.254\.169\.254|169\.254\.170\.2|100\.100\.100\.200)(?::\d+)?(?=[/?#&\\]|$)/, 'text', ['url']), words: ['169.254.', '100.100.100.200'] },
  { ...d('generic-ssrf-ip-url', 'generic', 'high', /(?:^|[=&?])\s*[a-z][\w+.-]{1,15}:\/\/(?:[^/?&\s@]*@)?(?:\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-f:.]+\])(?::\d+)?(?:[/?#&]|$)/, 'text', ['url']), chars: ':' },
  { ...d('generic-node-call', 'generic', 'critical', /\b(?:child_process|fs|net|vm|os|worker_threads)['"`]?\s*\)\s*\.\s*\w+|\.\s*(?:execsync|spawnsync|execfile(?:sync)?|runinnewcontext|runinthiscontext|readfilesync|writefilesync|createserver)\s*\(|\.\s*(?:readdir|appendfile|unlink|rm|rmdir|mkdir|copyfile|rename|symlink|chmod|chown|open|exists|stat|lstat|access|readlink|realpath|truncate|opendir|cp)sync\s*\(|\bfs\s*\.\s*(?:readfile|writefile|appendfile|readdir|unlink|rm|rmdir|mkdir|createreadstream|createwritestream|copyfile|rename|symlink|chmod|chown)\s*\(|\bconstructor\s*\.\s*constructor\s*\(|\bfunction\s*\(\s*['"`][^'"`]*\breturn\b|\bprocess\s*\.\s*(?:mainmodule|argv|cwd|platform|version|pid|dlopen)\b|\bmodule\s*\.\s*(?:children|constructor|require|parent)\b|\bbuffer\s*\.\s*from\s*\(|\bfunction\s*\.\s*prototype\s*\.\s*constructor\s*\)?\s*\(|\(\s*['"`]\s*return\s+(?:process|global(?:this)?|this|require|module)\b/), chars: '(.' },
  { ...d('generic-ruby', 'generic', 'high', /\b(?:kernel|io|open3|objectspace|marshal|yaml|psych|file|dir|process|object|erb|binding)\s*\.\s*(?:exec|system|spawn|popen\w*|open|load|read|readlines|binread|foreach|glob|entries|send|instance_eval|class_eval|const_get|public_send|capture\w*|pipeline\w*|new|result|eval|unsafe_load)\b|%x\s*[{([<|]|\.\s*(?:instance_eval|class_eval|module_eval|public_send|__send__|instance_variable_get)\b|\bsend\s*\(\s*:(?:system|exec|eval|spawn|`)/), chars: '.%(' },
  d('generic-perl', 'generic', 'high', /@\{\s*\[|\b(?:system|exec|qx|open)(?:\s*\(\s*|\s+)(?:["'`|]|q[qx]?\s*[{(|/])|\bqx\s*\W|\$\{\s*\\?\s*\$\w|\b(?:use|require)\s+(?:io::socket|socket|lwp|posix|cwd|file::)|\bperl\s+-e\b/),
  // YAML tags that make a loader build an object of any class (Ruby's Psych, PyYAML, SnakeYAML): the
  // deserialization gadgets of `YAML.load` (`--- !ruby/object:Gem::Installer`, `!!python/object/apply:os.system`).
  // Json.NET's `$type`, and the classes that the .NET serializers' known gadget chains start from.
  { ...d('generic-dotnet-deserialization', 'generic', 'critical', /["']\$type["']\s*:\s*["'][^"']{0,200}\b(?:system\.windows\.data\.objectdataprovider|system\.security\.principal\.windowsidentity|system\.configuration\.install\.assemblyinstaller|microsoft\.visualstudio\.text\.formatting\.textformattingrunproperties|system\.windows\.markup\.xamlreader|system\.diagnostics\.process|system\.windows\.resourcedictionary|system\.web\.security\.rolesprincipal|system\.data\.dataset)\b/), words: ['$type'] },
  // A JSON Web Token's header that asks a weak verifier to skip the signature (`"alg":"none"`) or to take its key
  // from a file path the token names (`"kid":"../../dev/null"`): read in the base64url run that decodes to the
  // header. A `jku` URL is left alone: some issuers name their own key set that way.
  { ...d('generic-jwt-forgery', 'generic', 'high', /"alg"\s*:\s*"none"|"kid"\s*:\s*"[^"]{0,200}(?:\.\.[/\\]|\/dev\/null|['|;`$])/), words: ['"alg"', '"kid"'] },
  // Edge-side includes: a cache or CDN that processes ESI runs them when a page echoes the value.
  { ...d('generic-esi-include', 'generic', 'high', /<\s*esi:(?:include|inline|vars|assign|eval|choose|when|otherwise|try|attempt|except|remove|comment|debug)\b|<!--esi\b/), words: ['esi:', '<!--esi'] },
  { ...d('generic-yaml-deserialization', 'generic', 'high', /!ruby\/(?:object|hash|struct|marshalable|class|module|sym|array|string|regexp|range)\b|!!python\/(?:object|name|module)\b|!!(?:javax?|com|org|net)\.[a-z]\w*\.[a-z]/), chars: '!' },
  // Python's ways to run a command or code, called with a literal (a bare name in a code search stays prose).
  { ...d('generic-python', 'generic', 'high', /\b__import__\s*\(\s*['"]|\bsubprocess\s*\.\s*(?:check_output|check_call|call|run|popen|getoutput|getstatusoutput)\s*\(\s*[['"]|\bos\s*\.\s*(?:system|popen|exec[lv]p?e?|spawn[lv]p?e?)\s*\(\s*['"]|\bpty\s*\.\s*spawn\s*\(\s*['"]|\b(?:c?pickle|marshal)\s*\.\s*loads?\s*\(|\bexec\s*\(\s*['"]\s*(?:import|from)\s|\beval\s*\(\s*compile\s*\(|\bcompile\s*\([^()]{0,300},\s*['"]exec['"]\s*\)/), chars: '(' },
  // jsonpickle's tags that call a function or a class while decoding (`{"py/reduce": [{"py/type": "subprocess.Popen"}, …]}`).
  { ...d('generic-python', 'generic', 'high', /["']py\/(?:reduce|function)["']\s*:|["']py\/type["']\s*:\s*["'](?:subprocess|os|posix|nt|builtins|__builtin__)\./), words: ['py/'] },
  // The object graph walked from any value to the builtins, how sandbox escapes and template injections reach
  // code: used, not named (a search for `__subclasses__` stays prose).
  { ...d('generic-python', 'generic', 'high', /__subclasses__\s*\(|__(?:bases|mro)__\s*\[|__(?:globals|builtins)__\s*[.[]|\.__class__\s*\.\s*__\w+__/), words: ['__'] },
  { ...d('generic-template-syntax', 'generic', 'high', /\{%-?\s*(?:if|for|set|import|include|extends|macro|raw|debug|print|block|call|filter|with|load|autoescape|verbatim|endif|endfor)\b|\{\{\s*[\w.]+\s*\|\s*\w+|[*#@~]\{(?=[^}]{0,300}\})[^}]*?[.(][^}]*\}|\[\[\s*\$\{|__\$\{[^}]{0,300}\}__|#set\s*\(\s*\$|<#(?:assign|if|list|import|include)\b|\$\{\{[^}]{0,300}\}\}|\{\{[\w\s'"]{0,100}[*+]\s*['"]?\d/), chars: '{<#' },
  { ...d('rce-sqlite-system', 'rce', 'high', /(?:^|[\n;'"])\s*\.(?:system|shell|import|output|once|load|open)\s+\S/), chars: '.' },
  { ...d('rce-history', 'rce', 'medium', /(?:^|[;&|=`]|\$\()\s*!(?:-?\d+|!|[?]?[a-z]+)(?=$|[\s;&|`)])/, 'shell'), chars: '!' },
  // A word cut by empty quotes or a backslash (ti''me, w\hoami) is never prose; one cut only by a variable is
  // also a name (Ke$ha, A$AP Rocky), so that form needs a command's place: after a separator, or before a
  // path, an option or a separator.
  { ...d('rce-variable-evasion', 'rce', 'high', new RegExp(String.raw`(?:^|[;|&\s=\x60(])(?=[\w\${}]{0,40}(?:''|""|\\))(?:[a-z]{1,10}(?:${SHELL_VARIABLE}|(?:''|""|\\)[a-z]*)+)(?:\s+[/\w-]|\s*[;|&]|$)|(?:^|[\s=])[a-z]{1,10}(?:${SHELL_VARIABLE})+(?:\s+[/-]|\s*[;|&])|[;|&\x60(]\s*[a-z]{1,10}(?:${SHELL_VARIABLE})+(?:\s+[/\w-]|\s*[;|&]|$)`), 'text'), chars: "$'\"\\" },
  // `cat /` before a word is a shop search ("cat / dog bowl").
  // A `cmd=` parameter counts only with a name no web API uses: elFinder's file managers send `cmd=ls`, PayPal `cmd=_cart`.
  d('rce-direct-command', 'rce', 'medium', /(?:^|[?&=;])\s*(?:whoami|uname\s+-[a-z]+|ifconfig|ipconfig(?:\s+\/all)?|netstat(?:\s+-[a-z]+)?|systeminfo|tasklist|net\s+(?:user|localgroup|view)|id\s*;|cat\s+\/(?!\s+[a-z])|ls\s+-[a-z]+|ps\s+-?aux|pwd\s*;)(?=$|[&;|\s])|[?&](?:cmd|command|exec|execute|shell|run)=(?:id|whoami|uname|ifconfig|ipconfig|netstat)(?=$|&)/, 'shell', ['url']),
  // Any command with an argument (a path, an option, a number, a URL) in a parameter named for one: a file
  // manager's `cmd=` names its own verbs alone (`cmd=chmod&mode=755`), never a command line.
  { ...d('rce-direct-command', 'rce', 'high', new RegExp(`[?&](?:cmd|command|exec|execute|shell|run)=\\s*(?:[\\w/]*\\/)?(?:${SHELL_COMMANDS})\\s+(?:https?:\\/\\/|[-/~.$>\\d])`), 'shell', ['url']), words: ['cmd=', 'command=', 'exec=', 'execute=', 'shell=', 'run='] },
  d('php-risky-name', 'php', 'medium', /\b(?:base64_decode|call_user_func(?:_array)?|create_function|file_get_contents|file_put_contents|fsockopen|pfsockopen|gzinflate|gzuncompress|gzdecode|shell_exec|proc_open|passthru|pcntl_exec|preg_replace_callback|str_rot13|move_uploaded_file|highlight_file|show_source|get_defined_vars|posix_getpwuid|posix_uname|stream_socket_client|curl_exec|convert_uudecode|assert_options|php_uname|ini_set|set_include_path|register_shutdown_function|escapeshellarg|escapeshellcmd|proc_nice|proc_terminate|proc_get_status)\b/),
  // `phpinfo` as a whole value (a page named after it is documentation), a dangerous function as a callback.
  { ...d('php-risky-name', 'php', 'medium', /=(?:phpinfo|system|exec|passthru|assert|eval|popen)(?=$|&)(?<==phpinfo|[?&](?:callback|cb|func|function|fn)=[a-z]+)/), chars: '=' },
  d('php-directive', 'php', 'high', /\b(?:safe_mode|open_basedir|allow_url_fopen|allow_url_include|auto_append_file|auto_prepend_file|register_globals|magic_quotes_gpc|display_errors|enable_dl|disable_functions|disable_classes|include_path|short_open_tag|suhosin\.[\w.]{1,100}|sendmail_path|error_log|mail\.log|expose_php|output_handler|unserialize_callback_func|session\.(?:save_path|save_handler|serialize_handler|upload_progress\.\w{1,40})|cgi\.(?:force_redirect|fix_pathinfo|redirect_status_env)|mbstring\.func_overload|extension_dir|zend_extension|user_ini\.filename|register_argc_argv|phar\.readonly|upload_tmp_dir|doc_root|assert\.(?:active|callback)|pcre\.(?:backtrack|recursion)_limit|opcache\.(?:file_cache\w*|restrict_api|validate_permission))\s*=/),
  // An XML declaration or processing instruction (`<?xml … ?>`) closes the same way and is data.
  { ...d('php-closing-tag', 'php', 'medium', /^(?![\s\S]*<\?x)[\s\S]*?\?>/, 'text', ['url']), chars: '>' },
  { ...d('php-serialized', 'php', 'high', /(?:^|[=;{}"])\s*(?:[oc]:\+?\d+:"[\w\\]+":\d+:\{|a:\d+:\{\s*[is]:\d+[:;])/), chars: ':' },
  // Drupal's render arrays run the callbacks their `#` keys name (Drupalgeddon 2): no form sends those keys.
  { ...d('php-render-callback', 'php', 'high', /\[\s*#(?:post_render|pre_render|lazy_builder|access_callback|value_callback|element_validate)\s*\]/), chars: '[' },
  { ...d('php-superglobal', 'php', 'high', /\$(?:\{\s*['"]?)?(?:_(?:get|post|cookie|request|server|files|env|session)|http_raw_post_data|argv|argc|http_response_header|php_errormsg|http_(?:get|post|cookie|server|env|session)_vars|http_post_files)\b/), chars: '$' },
  { ...d('xss-jsfuck', 'xss', 'high', /(?:\[\]|!\[\]|\+\[\]|\(\s*!\[\]\s*\+\s*\[\]\s*\)){4}|[![\]()+]{24,}|\(\s*!\s*\[\s*\]\s*[+ ]\s*\[\s*\]\s*\)|!\s*[+ ]\s*\[\s*\]\s*[+ ]\s*!/), chars: '[(!+' },
  { ...d('xss-utf7', 'xss', 'high', /\+ad[w4]-|%2bad[w4]-/i, 'raw'), chars: '+%' },
  { ...d('xss-global-access', 'xss', 'high', /\b(?:window|self|top|parent|frames|globalthis)\s*\[(?:\s*['"`(]|[^\]]{1,60}\]\s*\()|\b(?:document|this|content)\s*\[\s*['"`(]|\b(?:top|parent|self|window)\s*\.\s*(?:alert|eval|location|document|prompt|confirm)\b/), chars: '[.' },
  // Sinks called without their name before `(` (`(confirm)()`, `[8].find(confirm)`, `a=prompt,a()`) are found
  // from the name and a look-behind, so that the `.`, `=` and `(` of every URL start nothing.
  { ...d('xss-no-parentheses', 'xss', 'high', /\b(?:alert|prompt|confirm|eval|print)\s*`|[=;(]\s*(?:alert|prompt|confirm|eval)\s*[;)]\s*(?:throw|$)|[[{,]\s*(?:alert|prompt|confirm)\s*[\]}]+\s*[).]|\bvar\s+\w+\s*=\s*(?:alert|prompt|confirm|eval)\s*;|[;{]\s*throw\s+[\w'"`]|\bonerror\s*=\s*(?:alert|eval|prompt)\b|\blocation\s*=\s*['"`]?\s*(?:javascript|data):|\bimport\s*\(\s*['"`]\s*(?:https?|data|\/\/)|\b(?:alert|prompt|confirm|eval)\s*(?:\)(?:[(`](?<=\(\s*\w+\s*\)[(`])|(?<=\.\s*(?:find|findindex|map|filter|some|every|foreach|reduce|then)\s*\(\s*\w+\s*\)))|[,;]\s*\w+\s*[(`](?<==\s*\w+\s*[,;]\s*\w+\s*[(`]))/), chars: '`;)(', words: ['throw', 'onerror', 'location'] },
  { ...d('xss-deny-list', 'xss', 'high', /-moz-binding|<!\[cdata\[|<!--|\.parentnode\b|\.(?:outer|inner)html\b|\bdocument\s*\.\s*(?:body|forms|links|images|scripts|createelement|getelementby\w+|queryselector\w*)\b|\bwindow\s*\.\s*(?:eval|execscript|navigate|parent|top|opener)\b/), chars: '-<.' },
  // Old Internet Explorer's ways to run script: HTML components (`<import implementation=…>`, CSS `behavior:`),
  // VML frames and data binding attributes, in a tag or after the quote that closed an attribute.
  { ...d('xss-ie-vector', 'xss', 'high', /<\s*\??\s*(?:import|(?:[a-z]+:)?vmlframe)\b|\bbehaviou?r\s*:\s*url\s*\(|[\s/](?:implementation|datasrc|datafld|dataformatas|dynsrc|lowsrc)\s*=(?<=(?:<[a-z][^>]{0,300}|['"])[\s/][a-z]{6,14}\s*=)/), chars: '<:\'"' },
  // An attribute added after the quote that closed the page's own (`x" src="//evil.example/x.js`), one that loads
  // from elsewhere, lets a plugin script the page (`allowscriptaccess`) or fetches through CSS `url(`.
  { ...d('xss-attribute-injection', 'xss', 'high', /['"][\s/]+(?:allowscriptaccess|xmlns:[a-z]+|src|href|srcset|poster|background|action|formaction|data|style)\s*=\s*['"]?\s*(?:\/\/|https?:|always\b|[^'"<>]{0,100}?\burl\s*\()|[\s/]allowscriptaccess\s*=(?<=<[a-z][^>]{0,300}[\s/]allowscriptaccess\s*=)/), chars: '\'"<' },
  // 0xBC and 0xBE are also continuation bytes of UTF-8 (м is D0 BC), and the decoded text keeps bytes (lower-
  // cased, so lead bytes move too): only a byte after an ASCII character is a US-ASCII bracket.
  { ...d('xss-ascii-malformed', 'xss', 'high', /(?<![\x80-\xff])\xbc[^\xbe>]{0,40}(?:(?<![\x80-\xff])\xbe|>)|<[^\xbe]{0,40}(?<![\x80-\xff])\xbe/), chars: '\u00bc' },
  // `'a' is 'b'` is English ("'quarry' is 'stone pit'"), not SQL, whose IS takes NULL, TRUE or FALSE; an
  // operator between two different quotes ("…rise."- 'Chanticler') ends a quotation and starts a name.
  // Between two quoted phrases, a slash and a dash after a space are prose and search syntax ("yes"/"no",
  // "buy 1" - "free", "apple" -"pie"); SQL's arithmetic and concatenation between quotes stay (`'-'`, `'||'`).
  // A quoted operator word before a colon is a JSON key (`{"name":{"like":"%shoe%"}}`), not SQL.
  { ...d('sqli-quote-operator-quote', 'sqli', 'medium', /['"`]\s*(?:[=<>]|!=|<>|<=>)\s*['"`]|['"`]\s*(?:like|rlike|regexp)\s*['"`](?!\s*:)|(['"`])(?:\s*(?:\|\||[+*%&^|])|-)\s*\1/), chars: "'\"`" },
  { ...d('sqli-subquery', 'sqli', 'high', /\b(?:in|exists|any|all|some|from|not)\s*\(\s*select\b|\(\s*select\s+(?:[\w@*]+\s*,|\w+\s*\(|count|null|\d|case\b|top\s)/, 'spaced'), chars: '(' },
  // Not after `in`: "in case when it rains then …" is English; SQL has no `in case` without a bracket.
  d('sqli-case-when', 'sqli', 'high', /(?<!\bin\s{1,3})\bcase\s+when\b(?:[^()]|\([^()]*\)){0,200}?\bthen\b/, 'spaced'),
  d('sqli-server-objects', 'sqli', 'high', /\b(?:openrowset|opendatasource|openquery|sp_executesql|sp_oacreate|sp_makewebtask|xp_cmdshell|xp_regread|xp_dirtree|dbms_pipe|dbms_xmlgen|utl_inaddr|utl_http|pg_read_file|pg_ls_dir|lo_import|lo_export|sys_eval|sys_exec)\b|\bsp_password\b(?<=--\s*sp_password)|\bcopy\s+\w+\s+(?:from|to)\s+program\b|@@(?:servername|spid|identity|language|microsoftversion|basedir|tmpdir|version_compile_os)\b|\bsys\.(?:user_objects|objects|tables|columns|databases)\b/, 'spaced'),
  d('sqli-hex-string', 'sqli', 'medium', /\b(?:unhex|char|chr|concat|convert|cast)\s*\(\s*0x[0-9a-f]{4,}|(?:=|\blike|\bin\s*\()\s*0x[0-9a-f]{6,}\s*(?:--|#|\)|;|\b(?:and|or|union|limit|order)\b)/, 'spaced'),
  // Well-known evasions of the families above, from public payload lists: addresses that name loopback
  // without writing 127.0.0.1 or lie in a private range, as a value without a scheme (a port or a path must
  // follow, so that 127.1 or 10.0.0.1 alone stays a version number); cmd.exe's comparison words before a command.
  { ...d('generic-ssrf-address-forms', 'generic', 'high', /(?:^|[=&?])\s*(?:[a-z][\w+.-]{1,15}:)?(?:\/\/)?(?:127\.\d{1,3}(?:\.\d{1,3})?:\d+|(?:0x7f[0-9a-f]*(?:\.[0-9a-fx]+)*|0177(?:\.[0-7]+)+|0177[0-7]{8}|2130706433|\[[0:]*ffff:(?:127\.[\d.]+|7f[0-9a-f]{2}:[0-9a-f]{1,4})\]|[\w-]+\.localhost|localtest\.me|(?:127|10|0|169\.254|192\.168)(?:\.\d{1,3}){1,3}\.(?:nip|sslip|xip)\.io)(?::\d+)?(?:[/?#\\]|$)|(?:10(?:\.\d{1,3}){3}|192\.168(?:\.\d{1,3}){2}|172\.(?:1[6-9]|2\d|3[01])(?:\.\d{1,3}){2})(?::\d+(?:[/?#\\]|$)|[/\\]))/, 'text', ['url']), words: ['127.', '0x7f', '0177', '2130706433', 'ffff:', '.localhost', 'localtest.me', '.nip.io', '.sslip.io', '.xip.io', '10.', '192.168.', '172.'] },
  { ...d('rce-windows-if-compare', 'rce', 'high', /\bif(?:\s*\/i)?(?:\s+not)?\s+\S{1,40}\s+(?:equ|neq|lss|leq|gtr|geq)\s+\S+\s+\S/, 'shell'), words: [' equ ', ' neq ', ' lss ', ' leq ', ' gtr ', ' geq '] },
  // Template engines' arithmetic probes: `${7*7}` (EL, FreeMarker, Spring) and Thymeleaf's selection `*{7*7}`.
  { ...d('generic-template-math', 'generic', 'high', /[$*]\{\s*\d+\s*[-*+/]\s*\d+\s*\}/), chars: '{' },
  { ...d('generic-node-dos-allocation', 'generic', 'medium', /(?:\.repeat|\barray|\bbuffer\s*\.\s*alloc(?:unsafe(?:slow)?)?)\s*\(\s*(?:\d{7,}|\d+(?:\.\d+)?e\d+|\d+\s*\*\*\s*\d{2,})\s*\)/), chars: '(' },
  { ...d('php-concatenated-name-call', 'php', 'high', /\(\s*(?:['"][\w\\]*['"]\s*\.\s*)+['"][\w\\]*['"]\s*\)\s*\(/), chars: '(' },
  { ...d('rfi-unc-path', 'rfi', 'high', /=\s*(?:(?:https?|ftps?):)?\\\\[\w.-]+\\[\w$.-]+/, 'text', ['url']), chars: '\\' },
  { ...d('xss-js-escaped-tag', 'xss', 'high', /\\(?:u003c|x3c)\s*\/?\s*(?:script|img|svg|iframe|body|object|embed|style|a\s)/), chars: '\\' },
  // Time-based blind command injection: sleep with a number of seconds as a command of its own (sleep( is SQL's).
  { ...d('rce-sleep-probe', 'rce', 'high', /(?:[;|`\n]|&&|\$\()\s*u?sleep\s+\d+(?:\.\d+)?\s*(?:$|[;|&`)#])/, 'shell'), words: ['sleep'] },
  // PHP without letters (`$_=[];$_=@"$_";`, the non-alphanumeric web shells) and variable variables by string (`${'_GET'}`).
  { ...d('php-non-alphanumeric', 'php', 'high', /\$_+\s*=\s*(?:\[\s*\]|@?\s*["'`]\s*\$_|\$_+\s*\[|\+\+\$_|~)|\$\{\s*["'][a-z_][\w]*["']\s*\}/), chars: '$' },
  // Output redirected into a world-writable folder, how injected commands drop their payloads.
  { ...d('rce-redirect-to-tmp', 'rce', 'high', />{1,2}\s*\/(?:tmp|var\/tmp|dev\/shm)\//, 'shell'), chars: '>' },
  // The float that hangs PHP's and Java's number parsers (PHP bug #53632, CVE-2010-4476).
  { ...d('generic-float-parse-dos', 'generic', 'high', /\b2\.225073858507201\d*e-0*308\b/), words: ['308'] },
  // A parameter (or a doubled slash in the path) that is an absolute path into the server's system folders:
  // file inclusion names its target directly when no traversal is needed (`?page=/etc/exports`).
  d('lfi-absolute-path', 'lfi', 'high', /\/(?<=(?:=|=file:\/\/|[^:/]\/)\/)(?:etc|proc|sys|root|private\/etc|var\/(?:www|log|lib|adm|mail|spool|apache\d*|mysql)|usr\/(?:local|lib|share|pkgsrc|ports)|opt|srv|(?:windows|winnt)\/system32|program(?:\s|\+)files|xampp|volumes)\/[\w.+ -]/, 'text', ['url']),
];
