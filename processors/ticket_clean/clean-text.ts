/**
 * The line-based cleaner: one pass over the lines of a ticket with the rules of rules.ts (plus any from the
 * config), then a look at the ">" lines. It returns the cleaned text and the names of the rules that
 * removed something, in the order they first did.
 */
import { OUTLOOK_FROM, OUTLOOK_NEXT, type LineRule } from './rules.js';

export interface CleanResult {
  readonly text: string;
  readonly removed: readonly string[];
}

interface KeptLine {
  text: string;
  /** Started with ">": an earlier reply, or a quotation the customer relies on (decided at the end). */
  quoted: boolean;
}

const QUOTE_MARKERS = /^(?:>\s?)+/u;
/** The first half of a reply attribution that the mail client wrapped onto two lines ("On Tue, … Support <"). */
const WRAPPED_ATTRIBUTION = /^(?:On|Am|Le)\s.*[^.!?]$/u;
const LOOKAHEAD = 3;

export class TicketCleaner {
  /**
   * @param rules tried in order on each line; the first that matches decides (strips go on to the next rule).
   * @param quotedLines whether ">" lines after the customer's last own line are dropped as an earlier reply.
   * @param outlookHeaders whether a "From: …" line followed by "Sent:"/"Date:" cuts the rest as a reply.
   */
  constructor(
    private readonly rules: readonly LineRule[],
    private readonly quotedLines: boolean,
    private readonly outlookHeaders: boolean,
  ) {}

  clean(text: string): CleanResult {
    const lines = text.split(/\r?\n/u);
    const kept: KeptLine[] = [];
    const removed = new Set<string>();
    let content = false;
    lines: for (let i = 0; i < lines.length; i++) {
      let line = (lines[i] as string).trim();
      if (line === '') {
        if (content) kept.push({ text: '', quoted: false });
        continue;
      }
      if (line.startsWith('>')) {
        kept.push({ text: line.replace(QUOTE_MARKERS, '').trim(), quoted: true });
        continue;
      }
      if (this.outlookHeaders && OUTLOOK_FROM.test(line) && followedByHeader(lines, i)) {
        removed.add('quoted_reply');
        break;
      }
      for (const rule of this.rules) {
        if (rule.action === 'strip') {
          if (rule.firstContentLine === true && content) continue;
          const stripped = line.replace(rule.strip as RegExp, '').trim();
          if (stripped === line) continue;
          removed.add(rule.name);
          line = stripped;
          if (line === '') continue lines;
          continue;
        }
        if (rule.action === 'head' && content) continue;
        if (rule.action === 'cut' && rule.afterContent === true && !content) continue;
        if (!(rule.test as (line: string) => boolean)(line)) continue;
        removed.add(rule.name);
        if (rule.action !== 'cut') continue lines;
        if (rule.name === 'quoted_reply') dropWrappedAttribution(kept);
        break lines;
      }
      kept.push({ text: line, quoted: false });
      content = true;
    }
    if (this.dropTrailingQuotes(kept)) removed.add('quoted_lines');
    return { text: join(kept), removed: [...removed] };
  }

  /**
   * ">" lines after the customer's last own line are an earlier reply, unless the customer introduced them
   * ("Your confirmation said:"); ">" lines between the customer's own lines are a quotation and stay,
   * without the markers.
   */
  private dropTrailingQuotes(kept: KeptLine[]): boolean {
    if (!this.quotedLines) return false;
    let last = kept.length - 1;
    while (last >= 0 && (kept[last]?.quoted === true || kept[last]?.text === '')) last--;
    const firstQuote = kept.findIndex((line, i) => i > last && line.quoted);
    if (firstQuote < 0) return false;
    if (last >= 0 && (kept[last] as KeptLine).text.endsWith(':')) return false;
    kept.length = last + 1;
    return true;
  }
}

function followedByHeader(lines: readonly string[], at: number): boolean {
  for (let j = at + 1; j <= at + LOOKAHEAD && j < lines.length; j++) if (OUTLOOK_NEXT.test((lines[j] as string).trim())) return true;
  return false;
}

function dropWrappedAttribution(kept: KeptLine[]): void {
  const previous = kept[kept.length - 1];
  if (previous !== undefined && !previous.quoted && WRAPPED_ATTRIBUTION.test(previous.text)) kept.pop();
}

/** The kept lines, without blank lines at either end or more than one in a row. */
function join(kept: readonly KeptLine[]): string {
  const out: string[] = [];
  for (const { text } of kept) {
    if (text === '' && (out.length === 0 || out[out.length - 1] === '')) continue;
    out.push(text);
  }
  while (out[out.length - 1] === '') out.pop();
  return out.join('\n');
}
