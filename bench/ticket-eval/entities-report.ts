/**
 * The entity and language section of the ticket bench on its own (no model needed):
 *   npm run build && node dist/bench/ticket-eval/entities-report.js [--errors]
 * --errors also lists the misses and false finds on the dev half (odd ids).
 */
import { parseArgs } from 'node:util';
import { entitiesAndLanguageSection, entitiesReport } from './entities.js';

const { values } = parseArgs({ options: { errors: { type: 'boolean', default: false } } });
const out = (line: string) => process.stdout.write(`${line}\n`);
if (values.errors) await entitiesReport(out, { showErrors: true });
else await entitiesAndLanguageSection(out);
