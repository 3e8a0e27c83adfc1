import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import path from 'node:path';

/** Looks a program up on PATH, like `command -v`; undefined when it is not there. */
export async function which(program: string, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, program);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here, try the next directory
    }
  }
  return undefined;
}
