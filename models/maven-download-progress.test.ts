import { mkdir, mkdtemp, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { mavenDownloadProgress, repositoryPath } from './maven-download-progress.js';

const artifact = { groupId: 'dev.example.models', artifactId: 'tiny-model', version: '1.0', bytes: 3000 };
const url = `https://mirror.example/maven2/${repositoryPath(artifact)}`;

describe('mavenDownloadProgress', () => {
  it('watches the jar from Maven\'s "Downloading" line to its "Downloaded" line, with the catalog size as total', async () => {
    const repo = await mkdtemp(path.join(os.tmpdir(), 'maven-repo-'));
    const jar = path.join(repo, 'dev/example/models/tiny-model/1.0/tiny-model-1.0.jar');
    const seen: [string, number, number | undefined][] = [];
    const progress = mavenDownloadProgress(artifact, repo, (...report) => seen.push(report));
    // Other transfers (the plugin Maven needs) are not followed.
    progress.onLine('[INFO] Downloading from central: https://repo.maven.apache.org/maven2/org/apache/maven/plugins/p/1/p-1.jar');
    await mkdir(path.dirname(jar), { recursive: true });
    await writeFile(`${jar}.part`, Buffer.alloc(1000));
    progress.onLine(`[INFO] Downloading from central: ${url}`);
    await vi.waitFor(() => expect(seen).toEqual([['tiny-model-1.0.jar', 1000, 3000]]));
    await writeFile(`${jar}.part`, Buffer.alloc(3000));
    await rename(`${jar}.part`, jar);
    progress.onLine(`[INFO] Downloaded from central: ${url} (3.0 kB at 1.2 MB/s)`);
    // Reported before the line is handed back: the full size comes before whatever Maven says next.
    expect(seen.at(-1)).toEqual(['tiny-model-1.0.jar', 3000, 3000]);
    const count = seen.length;
    progress.finish();
    expect(seen).toHaveLength(count);
  });

  it('reports nothing when Maven already has the jar (no download line)', async () => {
    const repo = await mkdtemp(path.join(os.tmpdir(), 'maven-repo-'));
    const jar = path.join(repo, repositoryPath(artifact));
    await mkdir(path.dirname(jar), { recursive: true });
    await writeFile(jar, Buffer.alloc(3000));
    const seen: number[] = [];
    const progress = mavenDownloadProgress(artifact, repo, (_file, received) => seen.push(received));
    progress.onLine(`[INFO] Unpacking ${jar} to /tmp/out`);
    progress.finish();
    expect(seen).toEqual([]);
  });

  it('places the jar under its group folders', () => {
    expect(repositoryPath(artifact)).toBe('dev/example/models/tiny-model/1.0/tiny-model-1.0.jar');
  });
});
