/** Where the registry-derived extra training examples are kept (git-ignored, rebuilt by `npm run corpus:threat-extra`). */
import path from 'node:path';

import { repositoryRoot } from '../go.js';

/** Downloaded registry packages and what was unpacked from them. */
export const EXTRA_DOWNLOADS = path.join(repositoryRoot(), '.cache', 'threat-extra');
/** The extra examples, in the payload model's examples format (train only: nothing here comes from the eval part). */
export const EXTRA_FILE = path.join(repositoryRoot(), '.cache', 'threat-corpus', 'extra.jsonl');
/** The corpus's train part followed by the extra examples: one examples file for the payload model (`model.examples_file`). */
export const TRAIN_WITH_EXTRA_FILE = path.join(repositoryRoot(), '.cache', 'threat-corpus', 'train-with-extra.jsonl');
