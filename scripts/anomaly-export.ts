/**
 * `npm run anomaly:export -- --state STATE_DIR/anomaly/<id>.json --out model.onnx`: exports the isolation
 * forest an `anomaly` processor trained to ONNX (scripts/python/export_forest.py, Python environment under
 * .cache/python), to inspect it or serve it elsewhere; the agent scores it with `model: { format: onnx }`.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runPython } from './python/env.js';

const { values } = parseArgs({ options: { state: { type: 'string' }, out: { type: 'string' } } });
if (values.state === undefined || values.out === undefined) {
  process.stderr.write('usage: npm run anomaly:export -- --state STATE_DIR/anomaly/<id>.json --out model.onnx\n');
  process.exit(2);
}
process.stdout.write(await runPython('export_forest.py', [path.resolve(values.state), path.resolve(values.out)]));
