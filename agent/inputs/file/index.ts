import { defineInput } from '../../component.js';
import { fileInputConfig } from './config.js';
import { FileInput } from './file-input.js';

export const fileInput = defineInput({
  type: 'file',
  summary: 'Follows log files on a (shared) volume: globs, rotation, truncation, checkpoints.',
  config: fileInputConfig,
  create: (config, ctx) => new FileInput(config, ctx),
});
