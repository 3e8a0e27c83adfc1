/** `sidecar-ai validate` on a ticket_tagger whose examples file has bad rows, and `run` learning from a good one. */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEvents, runCli, tempDir, writeConfig } from '../helpers/agent-process.js';

const model = path.resolve(import.meta.dirname, '../../models/all-minilm-l6-v2');

const config = (examples: string) => `inputs:
  - type: file
    include: ["./tickets.log"]
processors:
  - type: parse_json
  - type: ticket_tagger
    model: { path: ${model} }
    labels:
      - { name: billing, description: "charges, invoices" }
      - { name: shipping, description: "parcels, deliveries" }
    examples_file: { path: ${examples}, text: [subject, body], label: category }
outputs:
  - type: file
    path: ./out.ndjson
`;

describe('ticket_tagger examples_file', () => {
  it('validate names the file, the line and the problem of every bad row, at examples_file.path', async () => {
    const dir = await tempDir('examples-validate');
    await writeFile(path.join(dir, 'history.csv'), 'subject,body,category\nDouble charge,"Charged twice, please refund",billing\nLate,"Still waiting\nfor my parcel",Shipping\n,,billing\nOK,fine\n');
    const file = await writeConfig(dir, config('./history.csv'));
    const result = await runCli(['validate', '-c', file]);
    expect(result.code).toBe(78);
    const csv = path.join(dir, 'history.csv');
    expect(result.stderr).toContain(`processors[1].examples_file.path: ${csv} line 3: "category": expected lower-case letters, digits, "_" or "-" (line 11, col 28)`);
    expect(result.stderr).toContain(`processors[1].examples_file.path: ${csv} line 5: no text in "subject", "body"`);
    expect(result.stderr).toContain(`processors[1].examples_file.path: ${csv} line 6: 2 fields, the header has 3`);
  });

  it('run tags tickets with the labels learnt from the file', async () => {
    const dir = await tempDir('examples-run');
    const rows = [
      ['Double charge', 'My card was charged twice for one order', 'billing'],
      ['Invoice', 'Please send me an invoice with VAT for my purchase', 'billing'],
      ['Wrong amount', 'The amount taken from my account is higher than the order total', 'billing'],
      ['Parcel late', 'My parcel has not arrived after two weeks', 'shipping'],
      ['Tracking', 'The tracking number does not work on the courier site', 'shipping'],
      ['Damaged', 'The box arrived crushed and the vase inside was broken', 'shipping'],
      ['Locked out', 'I cannot sign in, the app says my password is wrong after the reset', 'login'],
      ['Code', 'The verification code never arrives by SMS', 'login'],
      ['Reset', 'The password reset link has expired before I could use it', 'login'],
    ];
    await writeFile(path.join(dir, 'history.jsonl'), rows.map(([subject, body, category]) => JSON.stringify({ subject, body, category })).join('\n'));
    await writeFile(
      path.join(dir, 'tickets.log'),
      [
        { message: 'I was billed two times for the same purchase' },
        { message: 'Where is my package? It should have been delivered on Monday' },
        { message: 'I keep getting an incorrect password error when I try to log in' },
      ]
        .map((m) => JSON.stringify(m))
        .join('\n') + '\n',
    );
    const file = await writeConfig(dir, `state_dir: ./state\n${config('./history.jsonl')}`);
    const result = await runCli(['run', '--once', '-c', file]);
    expect(result.code, result.stderr).toBe(0);
    const events = await readEvents(path.join(dir, 'out.ndjson'));
    // login comes from the file alone.
    expect(events.map((e) => (e.ticket as { tags: string[] }).tags[0])).toEqual(['billing', 'shipping', 'login']);
  });
});
