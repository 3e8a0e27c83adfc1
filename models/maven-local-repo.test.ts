import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mavenLocalRepository } from './maven-local-repo.js';

async function home(settings?: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'maven-home-'));
  if (settings !== undefined) {
    await mkdir(path.join(dir, '.m2'));
    await writeFile(path.join(dir, '.m2', 'settings.xml'), settings);
  }
  return dir;
}

describe('mavenLocalRepository', () => {
  it('defaults to ~/.m2/repository', async () => {
    const dir = await home();
    expect(mavenLocalRepository({}, dir)).toBe(path.join(dir, '.m2', 'repository'));
  });

  it('reads <localRepository> from settings.xml, skipping commented-out examples and expanding ${user.home} and ${env.X}', async () => {
    const dir = await home(`<settings>
  <!-- <localRepository>/path/to/local/repo</localRepository> -->
  <localRepository>\${env.CACHE}/\${user.home}/m2</localRepository>
</settings>`);
    expect(mavenLocalRepository({ CACHE: '/cache' }, dir)).toBe(path.join('/cache', dir, 'm2'));
  });

  it('prefers -Dmaven.repo.local from MAVEN_ARGS, then MAVEN_OPTS, over settings.xml', async () => {
    const dir = await home('<settings><localRepository>/from/settings</localRepository></settings>');
    expect(mavenLocalRepository({ MAVEN_OPTS: '-Xmx1g -Dmaven.repo.local=/from/opts' }, dir)).toBe('/from/opts');
    expect(mavenLocalRepository({ MAVEN_OPTS: '-Dmaven.repo.local=/from/opts', MAVEN_ARGS: '-B -Dmaven.repo.local="/from/args with space"' }, dir)).toBe('/from/args with space');
    expect(mavenLocalRepository({ MAVEN_OPTS: '-Dmaven.repo.localx=/nope' }, dir)).toBe('/from/settings');
  });
});
