/**
 * Writes test/fixtures/tickets/raw-emails.jsonl: each labelled ticket (tickets.jsonl) as it would arrive
 * from a mail client, a phone or the shop's web form, its body wrapped in greetings, sign-offs, signatures,
 * earlier replies, disclaimers and footers, drawn with a seeded generator from the varied pieces in
 * raw-email-parts.ts; a few tickets arrive without any noise, and some are written by hand (HAND_WRITTEN).
 * Usage: npm run build && node dist/scripts/tickets/raw-emails.js [--seed 7]
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { loadTickets, FIXTURES, type LabelledTicket } from '../../bench/ticket-eval/fixtures.js';
import * as parts from './raw-email-parts.js';
import { HAND_WRITTEN } from './raw-emails-hand-written.js';

export type Channel = 'email' | 'mobile' | 'web_form' | 'plain';

export interface RawTicket {
  id: string;
  channel: Channel;
  /** What was wrapped around the body, for the cleaning figures (e.g. greeting, sign_off, quoted_reply). */
  noise: string[];
  raw: string;
}

const { values } = parseArgs({ options: { seed: { type: 'string', default: '7' } } });
const rng = xoroshiro128plus(Number(values.seed));
const int = (max: number) => uniformInt(rng, 0, max - 1);
const chance = (p: number) => int(1000) < p * 1000;
const pick = <T>(list: readonly T[]): T => list[int(list.length)] as T;

/** Hard-wraps at about `width` characters, as plain-text mail clients do. */
function wrap(text: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines.join('\n');
}

/** The body as customers type it: one paragraph, two paragraphs, or hard-wrapped. */
function layout(body: string): string {
  const sentences = body.split(/(?<=[.!?])\s+/u);
  const roll = int(10);
  if (roll < 2 && sentences.length >= 3) {
    const at = 1 + int(sentences.length - 1);
    return `${sentences.slice(0, at).join(' ')}\n\n${sentences.slice(at).join(' ')}`;
  }
  if (roll < 4) return wrap(body, 68 + int(12));
  return body;
}

function quotedReply(ticket: LabelledTicket, first: string): string {
  const reply = pick(parts.SUPPORT_REPLIES).replaceAll('{subject}', ticket.subject).replaceAll('{first}', first);
  const sender = pick(parts.SUPPORT_SENDERS);
  const date = pick(parts.REPLY_DATES);
  const quoted = reply
    .split('\n')
    .map((l) => (l === '' ? '>' : `> ${l}`))
    .join('\n');
  switch (int(5)) {
    case 0:
      return `On ${date.short}, ${sender} wrote:\n${quoted}`;
    case 1: // Gmail wraps a long attribution line
      return `On ${date.short}, ${sender.replace(' <', ' <\n')} wrote:\n\n${quoted}`;
    case 2:
      return `-----Original Message-----\nFrom: ${sender}\nSent: ${date.long}\nTo: ${first}\nSubject: RE: ${ticket.subject}\n\n${reply}`;
    case 3:
      return `________________________________\nFrom: ${sender}\nSent: ${date.long}\nTo: ${first.toLowerCase()}@mail.example\nSubject: ${ticket.subject}\n\n${reply}`;
    default:
      return `Am ${date.de} schrieb ${sender}:\n${quoted}`;
  }
}

function signature(first: string, last: string): string {
  const lines = [`${first} ${last}`];
  if (chance(0.7)) lines.push(chance(0.5) ? `${pick(parts.TITLES)} | ${pick(parts.COMPANIES)}` : pick(parts.TITLES), ...(chance(0.5) ? [pick(parts.COMPANIES)] : []));
  lines.push(`${pick(['Tel', 'Phone', 'Mobile', 'T', 'M'])}: ${pick(parts.PHONES)}`);
  if (chance(0.4)) lines.push(pick(['www.', 'https://www.']) + pick(['berg-costa', 'northwind', 'studio-lumen', 'atlas-fs']) + '.example');
  return lines.join('\n');
}

function email(ticket: LabelledTicket, noise: Set<string>): string {
  const first = pick(parts.FIRST_NAMES);
  const last = pick(parts.LAST_NAMES);
  const blocks: string[] = [];
  let body = layout(ticket.body);
  if (chance(0.12)) {
    body = pick(parts.INLINE_GREETINGS) + body;
    noise.add('greeting');
  } else if (chance(0.8)) {
    blocks.push(pick(parts.GREETINGS));
    noise.add('greeting');
  }
  blocks.push(body);
  const signOff = chance(0.85);
  if (signOff) {
    noise.add('sign_off');
    const name = pick([first, `${first} ${last}`, `${first[0]}.`, first]);
    blocks.push(chance(0.75) ? `${pick(parts.SIGN_OFFS)}\n${name}` : `${pick(parts.SIGN_OFFS).replace(/,$/u, '')}, ${first}`);
  }
  if (chance(0.35)) {
    noise.add('signature');
    blocks.push((signOff && chance(0.5) ? '' : '-- \n') + signature(first, last));
  }
  if (chance(0.15)) {
    noise.add('disclaimer');
    blocks.push(pick(parts.DISCLAIMERS));
  }
  if (chance(0.05)) {
    noise.add('unsubscribe');
    blocks.push(pick(parts.UNSUBSCRIBE));
  }
  if (chance(0.35)) {
    noise.add('quoted_reply');
    blocks.push(quotedReply(ticket, first));
  }
  return blocks.join(pick(['\n\n', '\n\n', '\n']));
}

function mobile(ticket: LabelledTicket, noise: Set<string>): string {
  const lines: string[] = [];
  if (chance(0.3)) {
    lines.push(pick(['hi', 'Hi', 'hello', 'Hey']) + pick([',', '', '!']));
    noise.add('greeting');
  }
  lines.push(chance(0.3) ? ticket.body : layout(ticket.body));
  if (chance(0.3)) {
    lines.push(pick(['thx', 'Thanks', 'ty', 'Cheers']));
    noise.add('sign_off');
  }
  lines.push('', pick(parts.MOBILE_FOOTERS));
  noise.add('mobile_footer');
  if (chance(0.25)) {
    lines.push('', quotedReply(ticket, pick(parts.FIRST_NAMES)));
    noise.add('quoted_reply');
  }
  return lines.join('\n');
}

function webForm(ticket: LabelledTicket, noise: Set<string>): string {
  const first = pick(parts.FIRST_NAMES);
  const last = pick(parts.LAST_NAMES);
  const lines: string[] = [];
  if (chance(0.3)) lines.push('##- Please type your reply above this line -##', '');
  if (chance(0.8)) {
    lines.push(`Name: ${first} ${last}`, `Email: ${first.toLowerCase()}.${last.toLowerCase().replace(/[^a-z]/gu, '')}@mail.example`);
    if (chance(0.5)) lines.push(`Topic: ${pick(parts.FORM_TOPICS)}`);
    if (chance(0.5)) lines.push(`Subject: ${ticket.subject}`);
    noise.add('form_fields');
  }
  if (chance(0.6)) {
    lines.push(`Message: ${ticket.body}`);
    noise.add('form_fields');
  } else lines.push(chance(0.5) ? 'Message:' : '', ticket.body);
  lines.push('', pick(['---', '-----', '']));
  lines.push(pick(['Ticket submitted via web form', 'This request was submitted via the contact form on shop.example', 'Submitted via Help Center widget']));
  if (chance(0.7)) lines.push(chance(0.5) ? `Browser: ${pick(parts.BROWSERS)} OS: ${pick(parts.SYSTEMS)}` : `Browser: ${pick(parts.BROWSERS)}\nOS: ${pick(parts.SYSTEMS)}`);
  if (chance(0.3)) lines.push(`Page URL: https://shop.example/${pick(['help/contact', 'account/orders', 'checkout'])}`);
  if (chance(0.4)) lines.push(`[ref:_00D${int(9000) + 1000}._500${int(90000) + 10000}:ref]`);
  noise.add('web_form_footer');
  return lines.join('\n');
}

function rawTicket(ticket: LabelledTicket): RawTicket {
  const hand = HAND_WRITTEN[ticket.id];
  if (hand !== undefined) {
    if (!hand.raw.includes(ticket.body)) throw new Error(`${ticket.id}: the hand-written text does not contain the body`);
    return { id: ticket.id, ...hand };
  }
  const noise = new Set<string>();
  const roll = int(100);
  const [channel, raw]: [Channel, string] = roll < 6 ? ['plain', ticket.body] : roll < 60 ? ['email', email(ticket, noise)] : roll < 80 ? ['mobile', mobile(ticket, noise)] : ['web_form', webForm(ticket, noise)];
  return { id: ticket.id, channel, noise: [...noise], raw };
}

const tickets = loadTickets();
const out = path.join(FIXTURES, 'raw-emails.jsonl');
writeFileSync(out, tickets.map((t) => `${JSON.stringify(rawTicket(t))}\n`).join(''));
process.stdout.write(`${tickets.length} raw tickets written to ${out}\n`);
