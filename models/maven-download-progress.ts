/**
 * Byte progress for the artifact mvn downloads: Maven in batch mode prints a line when a transfer starts and
 * one when it ends, nothing in between, so between the two the file growing in the local repository is
 * watched instead. The total comes from the catalog (a released artifact never changes size), since Maven
 * Central's Content-Length is only seen by Maven itself.
 */
import path from 'node:path';
import { DownloadWatcher } from './download-watcher.js';

export interface MavenArtifact {
  readonly groupId: string;
  readonly artifactId: string;
  readonly version: string;
  /** The jar's size in bytes, when known. */
  readonly bytes?: number | undefined;
}

export interface MavenDownloadProgress {
  /** Hands over one line of Maven's output. */
  onLine(line: string): void;
  /** Stops watching (mvn has exited) after reporting the last size seen. */
  finish(): void;
}

const POLL_MS = 200;
const STARTED = /Downloading from [^:]+: (\S+)/;
const ENDED = /Downloaded from [^:]+: (\S+)/;

/** The jar's path inside a Maven repository: group folders, artifact, version, file. */
export function repositoryPath(artifact: MavenArtifact): string {
  const file = `${artifact.artifactId}-${artifact.version}.jar`;
  return path.posix.join(...artifact.groupId.split('.'), artifact.artifactId, artifact.version, file);
}

export function mavenDownloadProgress(
  artifact: MavenArtifact,
  localRepository: string,
  onBytes: (file: string, received: number, total: number | undefined) => void,
): MavenDownloadProgress {
  const relative = repositoryPath(artifact);
  const file = path.posix.basename(relative);
  let watcher: DownloadWatcher | undefined;
  const stop = () => {
    watcher?.stop();
    watcher = undefined;
  };
  return {
    onLine(line) {
      // Maven prints the remote URL; its tail is the same path in the local repository, whatever the mirror.
      const started = STARTED.exec(line)?.[1];
      if (started?.endsWith(`/${relative}`) === true && watcher === undefined) {
        watcher = new DownloadWatcher(path.join(localRepository, ...relative.split('/')), (received) => onBytes(file, received, artifact.bytes));
        watcher.start(POLL_MS);
      } else if (ENDED.exec(line)?.[1]?.endsWith(`/${relative}`) === true) {
        // Maven has renamed the file by now: the last look reports the full size before the "downloaded" step.
        stop();
      }
    },
    finish: stop,
  };
}
