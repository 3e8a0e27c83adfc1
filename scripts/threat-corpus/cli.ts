/** `npm run corpus:threats`: (re)builds the HTTP threat corpus in .cache/threat-corpus/. */
import { buildCorpus } from './build.js';

await buildCorpus(undefined, (line) => process.stderr.write(`${line}\n`));
