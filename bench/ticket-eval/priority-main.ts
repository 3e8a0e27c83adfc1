/**
 * The priority and sentiment part of bench:tickets on its own:
 *   npm run build && node dist/bench/ticket-eval/priority-main.js
 */
import path from 'node:path';
import { MODEL_CATALOG } from '../../models/catalog.js';
import { provisionModel } from '../../models/provision.js';
import { loadTickets } from './fixtures.js';
import { priorityAndSentiment } from './priority.js';

const root = path.resolve(import.meta.dirname, '../../..');
const model = MODEL_CATALOG[0];
if (model === undefined) throw new Error('no model in the catalog');
const { folder } = await provisionModel(model, path.join(root, 'models'), path.join(root, '.cache', 'models'));
await priorityAndSentiment(loadTickets(), folder, (text) => process.stdout.write(`${text}\n`));
