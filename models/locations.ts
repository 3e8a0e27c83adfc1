/**
 * Where models live by default: `models/` of the package (beside `package.json`, see packageRoot), and
 * Maven's unpacked jars under `.cache/models`. An init container filling a shared volume passes its own
 * folder instead.
 */
import path from 'node:path';
import { packageRoot } from '../agent/package-root.js';

export function defaultModelsDir(): string {
  return path.join(packageRoot(), 'models');
}

export function defaultModelCacheDir(): string {
  return path.join(packageRoot(), '.cache', 'models');
}
