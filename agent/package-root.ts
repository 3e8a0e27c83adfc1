/**
 * The installed package's root folder (the one with its package.json), found by walking up from this module,
 * so that the same code works from the sources, from dist/ and from the bundled executable in dist/bin/.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export function packageRoot(): string {
  let dir = import.meta.dirname;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${import.meta.dirname}`);
    dir = parent;
  }
  return dir;
}

/** The version in the package's package.json. */
export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version?: unknown };
  return typeof manifest.version === 'string' ? manifest.version : '0.0.0';
}
