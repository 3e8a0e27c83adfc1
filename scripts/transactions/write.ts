/**
 * `npm run transactions -- [--count 1000] [--seed 5]`: prints generated payment transactions as JSON
 * lines (the shape the demo's payments.log has), for demos and load tests.
 */
import { parseArgs } from 'node:util';
import { generateTransactions } from './generator.js';

const { values } = parseArgs({ options: { count: { type: 'string', default: '1000' }, seed: { type: 'string', default: '5' } } });
const { transactions } = generateTransactions(Number(values.count), { seed: Number(values.seed), start: '2026-11-02T06:00:00Z' });
process.stdout.write(transactions.map((t) => `${JSON.stringify(t)}\n`).join(''));
