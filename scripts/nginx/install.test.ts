import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ServiceError } from '../services/errors.js';
import { ensureNginx, libraryFolders, nginxEnv } from './install.js';

describe('ensureNginx', () => {
  it('says what to do where apt-get is missing', async () => {
    const cache = await mkdtemp(path.join(os.tmpdir(), 'sidecar-nginx-cache-'));
    const fetching = ensureNginx({ env: { PATH: path.join(cache, 'no-tools-here'), SIDECAR_NGINX_DIR: cache } });
    await expect(fetching).rejects.toThrow(ServiceError);
    await expect(fetching).rejects.toMatchObject({ message: 'apt-get is not on PATH', hint: expect.stringContaining('SIDECAR_NGINX=') });
  });

  it('checks a binary given in SIDECAR_NGINX instead of fetching one', async () => {
    await expect(ensureNginx({ env: { ...process.env, SIDECAR_NGINX: process.execPath } })).rejects.toThrow(/-V does not print an nginx version|-V failed/);
  });

  it('puts libraries fetched beside nginx first on LD_LIBRARY_PATH', () => {
    const install = { binary: '/c/root/usr/sbin/nginx', version: '1.22.1', packageVersion: '1.22.1-9', libraryPath: ['/c/root/lib/x86_64-linux-gnu'] };
    expect(nginxEnv(install, { LD_LIBRARY_PATH: '/opt/lib' }).LD_LIBRARY_PATH).toBe('/c/root/lib/x86_64-linux-gnu:/opt/lib');
    expect(nginxEnv({ ...install, libraryPath: [] }, {}).LD_LIBRARY_PATH).toBeUndefined();
  });

  it('finds the library folders of unpacked packages, not their plugin folders', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'sidecar-nginx-root-'));
    const files = ['lib/x86_64-linux-gnu/libcrypt.so.1.1.0', 'usr/lib/x86_64-linux-gnu/libpcre2-8.so.0', 'usr/lib/x86_64-linux-gnu/engines-3/padlock.so', 'usr/share/doc/libssl3/changelog.gz'];
    for (const file of files) {
      await mkdir(path.dirname(path.join(root, file)), { recursive: true });
      await writeFile(path.join(root, file), '');
    }
    expect((await libraryFolders(root)).sort()).toEqual([path.join(root, 'lib/x86_64-linux-gnu'), path.join(root, 'usr/lib/x86_64-linux-gnu')]);
  });
});
