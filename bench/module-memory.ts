/**
 * `npm run bench:module-memory`: resident memory that loading a module adds, each in a fresh process of this
 * Node.js that has already imported one small package (picomatch), so that the module loader's own cost is
 * not counted (RSS and heap after a forced collection, before and after the import): zod and its locale modules,
 * the other libraries every agent loads, and all built-in components (their index modules, as builtins.ts
 * imports them) after those libraries.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const builtins = path.join(root, 'dist', 'agent', 'builtins.js');
const LIBRARIES = ['zod', 'pino', 'yaml', 'prom-client', 'commander'];
/** Imported first in every process: the first package import pays for the module loader itself. */
const WARM_UP = 'picomatch';

/** MiB of RSS and heap added by importing `modules` after `before`, in a fresh process. */
function added(modules: readonly string[], before: readonly string[] = [WARM_UP]): { rss: number; heap: number } {
  const script = `
    for (const m of ${JSON.stringify(before)}) await import(m);
    globalThis.gc(); const b = process.memoryUsage();
    for (const m of ${JSON.stringify(modules)}) await import(m);
    globalThis.gc(); const a = process.memoryUsage();
    console.log(JSON.stringify({ rss: (a.rss - b.rss) / 2 ** 20, heap: (a.heapUsed - b.heapUsed) / 2 ** 20 }));`;
  return JSON.parse(execFileSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' })) as { rss: number; heap: number };
}

const rows: [string, { rss: number; heap: number }][] = [
  ['zod', added(['zod'])],
  ['zod/v4/core', added(['zod/v4/core'])],
  ['zod/v4/locales', added(['zod/v4/locales'])],
  ...LIBRARIES.slice(1).map((m): [string, { rss: number; heap: number }] => [m, added([m])]),
  ['every built-in component, after the libraries above', added([builtins], [WARM_UP, ...LIBRARIES])],
];
console.log(`Node.js ${process.versions.node}, each in a fresh process after ${WARM_UP}, after a forced collection:`);
console.log('');
console.log('| import | RSS added MiB | heap added MiB |');
console.log('| --- | ---: | ---: |');
for (const [name, { rss, heap }] of rows) console.log(`| ${name} | ${rss.toFixed(1)} | ${heap.toFixed(1)} |`);
