/**
 * The generated parts of the documentation, in one list: each is a marked block in a Markdown file under
 * docs/, produced from the code it describes. The script `scripts/config-reference.ts` (npm run docs:config,
 * and `--check` in npm test) and test/config-reference.test.ts both go through this list, so a new
 * generated block is checked as soon as it is listed here.
 */
import { builtinRegistry } from '../agent/builtins.js';
import { configReference, embedReference } from '../config/reference.js';

export interface GeneratedBlock {
  /** The Markdown file that holds the block, relative to the repository root. */
  readonly file: string;
  /** What the block is, for messages. */
  readonly what: string;
  /** The file's text with its block regenerated; throws when the markers are missing. */
  regenerate(document: string): string;
}

export function generatedBlocks(): GeneratedBlock[] {
  return [
    {
      file: 'docs/configuration.md',
      what: 'config reference',
      regenerate: (document) => embedReference(document, configReference(builtinRegistry())),
    },
  ];
}
