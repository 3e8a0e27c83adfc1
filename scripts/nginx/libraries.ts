/**
 * The shared libraries the Debian nginx binary links against, and the Debian packages that carry them: when
 * `ldd` reports one missing (a slim image without libpcre2, say), that package is fetched and unpacked beside
 * nginx in the same way, instead of being installed system-wide.
 */
export const LIBRARY_PACKAGES: Readonly<Record<string, string>> = {
  'libcrypt.so.1': 'libcrypt1',
  'libpcre2-8.so.0': 'libpcre2-8-0',
  'libssl.so.3': 'libssl3',
  'libcrypto.so.3': 'libssl3',
  'libz.so.1': 'zlib1g',
};

/** The sonames `ldd` prints as `libfoo.so.1 => not found`. */
export function missingLibraries(lddOutput: string): string[] {
  const missing = new Set<string>();
  for (const line of lddOutput.split('\n')) {
    const match = /^\s*(\S+)\s+=>\s+not found\s*$/.exec(line);
    if (match?.[1] !== undefined) missing.add(match[1]);
  }
  return [...missing];
}

/** The packages carrying `sonames`, and the sonames no known package carries. */
export function packagesFor(sonames: readonly string[]): { packages: string[]; unknown: string[] } {
  const packages = new Set<string>();
  const unknown: string[] = [];
  for (const soname of sonames) {
    const name = LIBRARY_PACKAGES[soname];
    if (name === undefined) unknown.push(soname);
    else packages.add(name);
  }
  return { packages: [...packages], unknown };
}
