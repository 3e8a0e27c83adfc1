/** The `sidecar-ai` executable that the package's bin and the container image run (scripts/bundle-cli.ts builds it). */
import path from 'node:path';

export const AGENT_EXECUTABLE = path.join('dist', 'bin', 'sidecar-ai.js');

/** The executable of the checkout or package at `root`. */
export function agentExecutable(root: string): string {
  return path.join(root, AGENT_EXECUTABLE);
}
