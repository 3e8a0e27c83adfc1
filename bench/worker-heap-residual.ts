/**
 * What a worker thread leaves in the process once it has ended: resident memory of a process that starts two
 * workers at a time, lets each build `--objects` small objects in its heap (as a busy worker would), ends them
 * with terminate() and collects, round after round. Split into anonymous memory (heaps) and file-backed
 * memory (the node binary's pages), from /proc/self/smaps. `npm run bench:worker-residual` runs it on Node.js 20
 * and on the image's runtime, one after the other; by hand:
 *   node --expose-gc dist/bench/worker-heap-residual.js [--objects 1000000 --rounds 5]
 *   node scripts/node-runtime.mjs node --expose-gc dist/bench/worker-heap-residual.js [...]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';

const { values: options } = parseArgs({ options: { objects: { type: 'string', default: '1000000' }, rounds: { type: 'string', default: '5' } } });
const OBJECTS = Number(options.objects);
const ROUNDS = Number(options.rounds);

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const kept = [];
for (let i = 0; i < workerData; i++) kept.push({ i, s: 'x' + i });
parentPort.postMessage(kept.length);
`;

interface Memory {
  rssMiB: number;
  anonMiB: number;
  fileMiB: number;
  mappings: number;
}

/** Resident memory by kind, summed over the process's mappings. */
function memory(): Memory {
  let kind: 'anon' | 'file' = 'anon';
  const kib = { anon: 0, file: 0 };
  let mappings = 0;
  for (const line of readFileSync('/proc/self/smaps', 'utf8').split('\n')) {
    if (/^[0-9a-f]+-[0-9a-f]+ /.test(line)) {
      mappings++;
      kind = line.trim().split(/\s+/)[5] ? 'file' : 'anon';
    } else if (line.startsWith('Rss:')) {
      kib[kind] += Number(line.split(/\s+/)[1]);
    }
  }
  return { rssMiB: process.memoryUsage().rss / 2 ** 20, anonMiB: kib.anon / 1024, fileMiB: kib.file / 1024, mappings };
}

async function oneWorker(): Promise<void> {
  const worker = new Worker(WORKER, { eval: true, workerData: OBJECTS });
  await new Promise((resolve) => worker.once('message', resolve));
  await worker.terminate();
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const row = (label: string, m: Memory) => `| ${label} | ${m.rssMiB.toFixed(1)} | ${m.anonMiB.toFixed(1)} | ${m.fileMiB.toFixed(1)} | ${m.mappings} |`;

console.log(`node ${process.version} (V8 ${process.versions.v8}), two workers at a time, ${OBJECTS.toLocaleString('en')} objects each, ended and collected before each reading\n`);
console.log('| when | RSS MiB | anonymous MiB | file-backed MiB | mappings |');
console.log('| --- | ---: | ---: | ---: | ---: |');
console.log(row('before any worker', memory()));
for (let round = 1; round <= ROUNDS; round++) {
  await Promise.all([oneWorker(), oneWorker()]);
  await sleep(1000);
  globalThis.gc?.();
  await sleep(500);
  console.log(row(`after round ${round}`, memory()));
}
