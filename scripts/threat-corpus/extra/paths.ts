/** Where the registry-derived extra training examples are kept (git-ignored, rebuilt by `npm run corpus:threat-extra`). */
import path from 'node:path';

import { repositoryRoot } from '../go.js';

/** Downloaded registry packages and what was unpacked from them. */
export const EXTRA_DOWNLOADS = path.join(repositoryRoot(), '.cache', 'threat-extra');
/** The extra examples, in the payload model's examples format (train only: nothing here comes from the eval part). */
export const EXTRA_FILE = path.join(repositoryRoot(), '.cache', 'threat-corpus', 'extra.jsonl');
