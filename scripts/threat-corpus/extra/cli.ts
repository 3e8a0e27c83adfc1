/** `npm run corpus:threat-extra`: builds the registry-derived extra training examples (see build.ts). */
import { buildExtra } from './build.js';

const { counts } = await buildExtra((line) => process.stderr.write(`${line}\n`));
for (const [what, count] of Object.entries(counts)) console.log(`${what}: ${count}`);
