/** A path as a user would type it from here: relative below the working directory, absolute elsewhere. */
import path from 'node:path';

export function displayPath(target: string): string {
  const relative = path.relative(process.cwd(), target);
  return relative === '' ? '.' : relative.startsWith('..') || path.isAbsolute(relative) ? target : relative;
}
