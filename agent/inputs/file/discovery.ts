/**
 * Finds the files an input follows: include/exclude globs and a periodic rescan (the ground truth, also for
 * directories that appear late, e.g. a volume mounted after start). New files are reported between scans by
 * a watch of the directories listed here (new-file-watch.ts), so reading starts without waiting for a scan.
 */
import { readdirSync, statSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import picomatch from 'picomatch';

interface Root {
  /** Directory (or exact file) the pattern is anchored at. */
  readonly base: string;
  readonly isGlob: boolean;
  /** Whether matches can lie below the first directory level. */
  readonly deep: boolean;
}

export class PathMatcher {
  private readonly roots: readonly Root[];
  private readonly included: (file: string) => boolean;
  private readonly excluded: (file: string) => boolean;

  constructor(include: readonly string[], exclude: readonly string[], baseDir: string) {
    const absolute = include.map((pattern) => (path.isAbsolute(pattern) ? pattern : path.join(baseDir, pattern)));
    this.roots = absolute.map((pattern) => {
      const scan = picomatch.scan(pattern);
      return { base: scan.isGlob ? scan.base : pattern, isGlob: scan.isGlob, deep: scan.glob.includes('/') || scan.glob.includes('**') };
    });
    this.included = picomatch(absolute, { dot: true });
    this.excluded = excludeMatcher(exclude, baseDir);
  }

  matches(file: string): boolean {
    return this.included(file) && !this.excluded(file);
  }

  /** Every existing regular file matching the globs. */
  async scan(): Promise<string[]> {
    const listings = await Promise.all(this.roots.map((root) => (root.isGlob ? readdir(root.base, { recursive: root.deep }).catch(() => undefined) : undefined)));
    const files: string[] = [];
    for (const file of this.candidates(listings)) if (await isFile(file)) files.push(file);
    return files;
  }

  /** `scan` for synchronous callers (config checks), with the same matching. */
  scanSync(): string[] {
    return this.candidates(this.roots.map((root) => (root.isGlob ? listSync(root.base, root.deep) : undefined))).filter(isFileSync);
  }

  /**
   * The matching paths, sorted, given each root's directory listing (undefined when the directory does not
   * exist yet): what is left to check is that each is a regular file.
   */
  private candidates(listings: readonly (readonly string[] | undefined)[]): string[] {
    const found = new Set<string>();
    this.roots.forEach((root, index) => {
      if (!root.isGlob) {
        if (this.matches(root.base)) found.add(root.base);
        return;
      }
      for (const entry of listings[index] ?? []) {
        const file = path.join(root.base, entry);
        if (this.matches(file)) found.add(file);
      }
    });
    return [...found].sort();
  }

  /** Whether some glob can match below its first directory level (`**`, or a "/" after the first wildcard). */
  get deep(): boolean {
    return this.roots.some((root) => root.isGlob && root.deep);
  }

  /**
   * The existing directories a new matching file can appear in: each glob's base (with every directory below
   * it for a deep glob) and each exact path's directory.
   */
  async watchedDirs(): Promise<string[]> {
    const dirs = new Set<string>();
    for (const root of this.roots) {
      if (!root.isGlob) {
        dirs.add(path.dirname(root.base));
        continue;
      }
      dirs.add(root.base);
      if (!root.deep) continue;
      const entries = await readdir(root.base, { recursive: true, withFileTypes: true }).catch(() => []);
      for (const entry of entries) if (entry.isDirectory()) dirs.add(path.join(entry.parentPath, entry.name));
    }
    return [...dirs].sort();
  }
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

function isFileSync(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function listSync(dir: string, recursive: boolean): string[] | undefined {
  try {
    return readdirSync(dir, { recursive, encoding: 'utf8' });
  } catch {
    return undefined;
  }
}

/**
 * A pattern without "/" matches the file name (`*.gz`); one with "/" the whole path, relative ones against
 * the config directory. picomatch's `basename` option would compare every pattern with the name alone.
 */
function excludeMatcher(exclude: readonly string[], baseDir: string): (file: string) => boolean {
  const byName = exclude.filter((pattern) => !pattern.includes('/'));
  const byPath = exclude.filter((pattern) => pattern.includes('/')).map((pattern) => (path.isAbsolute(pattern) ? pattern : path.join(baseDir, pattern)));
  const name = byName.length === 0 ? () => false : picomatch(byName, { dot: true, basename: true });
  const full = byPath.length === 0 ? () => false : picomatch(byPath, { dot: true });
  return (file) => name(file) || full(file);
}
