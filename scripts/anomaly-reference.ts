/**
 * `npm run reference:anomaly`: regenerates test/fixtures/anomaly/ from scikit-learn (in the Python
 * environment under .cache/python): labelled feature rows of generated transactions, an IsolationForest
 * exported to ONNX with its score_samples for the first test rows, and scikit-learn's ROC-AUC.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runPython } from './python/env.js';
import { labelledRows } from './transactions/feature-rows.js';

const root = path.resolve(import.meta.dirname, '../..');
const work = path.join(root, '.cache', 'anomaly-reference');
await mkdir(work, { recursive: true });
const input = path.join(work, 'input.json');
await writeFile(input, JSON.stringify(labelledRows(6000, 11)));
const output = await runPython('anomaly_reference.py', ['fixture', input, path.join(root, 'test', 'fixtures', 'anomaly')]);
process.stdout.write(`test/fixtures/anomaly regenerated; scikit-learn ${output}`);
