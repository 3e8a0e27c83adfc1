/**
 * Where models live by default: `models/` of the package (beside `package.json`, found by walking up from
 * this file, so the same code works from the sources and from `dist/`), and Maven's unpacked jars under
 * `.cache/models`. An init container filling a shared volume passes its own folder instead.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

function packageRoot(): string {
  let dir = import.meta.dirname;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${import.meta.dirname}`);
    dir = parent;
  }
  return dir;
}

export function defaultModelsDir(): string {
  return path.join(packageRoot(), 'models');
}

export function defaultModelCacheDir(): string {
  return path.join(packageRoot(), '.cache', 'models');
}
