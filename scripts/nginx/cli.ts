#!/usr/bin/env node
/**
 * `npm run nginx`: fetches nginx into .cache/nginx/ (once; later runs only check the cache) and prints where
 * it is and what it is, for the integration test and `npm run bench:nginx`, which call the same code.
 */
import { describeError } from '../services/errors.js';
import { ensureNginx, nginxEnv } from './install.js';
import { inspectNginx } from './inspect.js';

try {
  const install = await ensureNginx({ log: (line) => console.log(line) });
  const build = await inspectNginx(install.binary, nginxEnv(install));
  console.log(`nginx ${build.version}${install.packageVersion ? ` (Debian package ${install.packageVersion})` : ''}: ${install.binary}`);
  if (install.libraryPath.length > 0) console.log(`libraries fetched beside it: ${install.libraryPath.join(', ')}`);
} catch (error) {
  console.error(describeError(error));
  process.exitCode = 1;
}
