import { defineInput, patternWarnings } from '../../kit.js';
import { fileInputConfig } from './config.js';
import { PathMatcher } from './discovery.js';
import { FileInput } from './file-input.js';
import { noMatchMessage } from './no-match.js';

export const fileInput = defineInput({
  type: 'file',
  summary: 'Follows log files on a (shared) volume: globs, rotation, truncation, checkpoints.',
  config: fileInputConfig,
  create: (config, ctx) => new FileInput(config, ctx),
  // Globs that match nothing are valid (files may come later) but usually a wrong path or a missing mount.
  check: (config, { configDir }) => [
    ...(new PathMatcher(config.include, config.exclude, configDir).scanSync().length > 0
      ? []
      : [{ path: ['include'], severity: 'warning' as const, message: noMatchMessage(config.include, config.exclude) }]),
    ...patternWarnings(config.multiline ? [{ path: ['multiline', 'start_pattern'], pattern: config.multiline.start_pattern }] : []),
  ],
});
