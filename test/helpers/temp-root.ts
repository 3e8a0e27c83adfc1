/**
 * Vitest global setup: the run gets a folder of its own as TMPDIR, removed when the run ends, so that the
 * folders that tests, and the agents they start, make under os.tmpdir() do not pile up in /tmp run after run.
 * Services that a test run starts (Kafka, the search engines) keep the folder they were started with.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  const previous = process.env.TMPDIR;
  const root = mkdtempSync(path.join(os.tmpdir(), 'sidecar-test-run-'));
  // The permissions of /tmp itself: tests start servers whose workers run as another user (nginx's `nobody`).
  chmodSync(root, 0o1777);
  process.env.TMPDIR = root;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(root, { recursive: true, force: true });
  };
}
