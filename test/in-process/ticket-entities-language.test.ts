/**
 * detect_language and ticket_entities in a whole pipeline, as the demo chains them: ticket lines from a file,
 * parse_json, redact, detect_language, ticket_entities, file output. Checks what reaches the output: the
 * language, the entities read in that language, and that nothing redact removed comes back as an entity.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { builtinRegistry } from '../../agent/builtins.js';
import { runAgent } from '../../agent/runtime/agent.js';
import { parseConfigText } from '../../config/loader.js';

const tickets = [
  {
    '@timestamp': '2026-11-20T09:30:00.000Z',
    ticket: { id: 'T-1', subject: 'Charged twice for ORD-447702' },
    message: 'I was charged 58.00 GBP twice yesterday for ORD-447702. My card 4111 1111 1111 1111 was used, write to jane.doe@example.com. The app showed ERR_PAYMENT_DECLINED first.',
  },
  {
    '@timestamp': '2026-11-20T09:31:00.000Z',
    ticket: { id: 'T-2', subject: 'Rückerstattung fehlt' },
    message: 'Ich habe am 3. März die Bestellung 4587123 storniert, aber die 89,99 € wurden mir bis heute nicht erstattet. Bitte prüfen Sie das.',
  },
  { '@timestamp': '2026-11-20T09:32:00.000Z', ticket: { id: 'T-3', subject: 'Hi' }, message: 'Thanks!' },
];

describe('detect_language and ticket_entities in the pipeline', () => {
  it('write the language and the entities, read in that language, and nothing that was redacted', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'sidecar-ticket-facts-'));
    await writeFile(path.join(dir, 'tickets.log'), tickets.map((t) => `${JSON.stringify(t)}\n`).join(''));
    const yaml = `
state_dir: ${dir}/state
inputs:
  - { type: file, include: ["${dir}/tickets.log"] }
processors:
  - type: parse_json
  - { type: redact, default_region: US }
  - { type: detect_language, when: { has_fields: [ticket.id] } }
  - { type: ticket_entities, when: { has_fields: [ticket.id] } }
outputs:
  - { type: file, path: "${dir}/out.ndjson" }
`;
    const registry = builtinRegistry();
    const config = parseConfigText(yaml, path.join(dir, 'sidecar.yaml'), registry, {});
    const result = await runAgent({ file: path.join(dir, 'sidecar.yaml'), dir, config, warnings: [] }, registry, { once: true, logger: pino({ level: 'silent' }) });
    expect(result.failure).toBeUndefined();

    const out = (await readFile(path.join(dir, 'out.ndjson'), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { message: string; ticket: Record<string, unknown> });
    const byId = new Map(out.map((e) => [e.ticket['id'], e]));
    const english = byId.get('T-1');
    expect(english?.message).toContain('[REDACTED:card]');
    expect(english?.ticket).toMatchObject({
      language: 'en',
      entities: { order_id: ['ORD-447702'], amount: ['58.00 GBP'], date: ['2026-11-19'], error_code: ['ERR_PAYMENT_DECLINED'] },
    });
    // The email address was redacted, so its domain is gone too; the card number is no id, amount or date.
    expect(Object.keys(english?.ticket['entities'] as object).sort()).toEqual(['amount', 'date', 'error_code', 'order_id']);
    expect(byId.get('T-2')?.ticket).toMatchObject({ language: 'de', entities: { order_id: ['4587123'], amount: ['89.99 EUR'], date: ['2026-03-03', '2026-11-20'] } });
    expect(byId.get('T-3')?.ticket).toEqual({ id: 'T-3', subject: 'Hi', language: 'und' });
  });
});
