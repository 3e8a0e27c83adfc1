import { describe, expect, it } from 'vitest';
import { missingLibraries, packagesFor } from './libraries.js';

const LDD = `	linux-vdso.so.1 (0x00007ffd5b1f2000)
	libcrypt.so.1 => /lib/x86_64-linux-gnu/libcrypt.so.1 (0x00007f01d39ae000)
	libpcre2-8.so.0 => not found
	libssl.so.3 => not found
	libcrypto.so.3 => not found
	libz.so.1 => /lib/x86_64-linux-gnu/libz.so.1 (0x00007f01d384c000)
	/lib64/ld-linux-x86-64.so.2 (0x00007f01d3b51000)`;

describe('nginx shared libraries', () => {
  it('reads the libraries ldd cannot find', () => {
    expect(missingLibraries(LDD)).toEqual(['libpcre2-8.so.0', 'libssl.so.3', 'libcrypto.so.3']);
    expect(missingLibraries(LDD.replaceAll('not found', '/usr/lib/x86_64-linux-gnu/x.so (0x1)'))).toEqual([]);
  });

  it('names each Debian package once, and the libraries no known package carries', () => {
    expect(packagesFor(['libpcre2-8.so.0', 'libssl.so.3', 'libcrypto.so.3'])).toEqual({ packages: ['libpcre2-8-0', 'libssl3'], unknown: [] });
    expect(packagesFor(['libz.so.1', 'libGeoIP.so.1'])).toEqual({ packages: ['zlib1g'], unknown: ['libGeoIP.so.1'] });
  });
});
