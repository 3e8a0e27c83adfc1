#!/usr/bin/env node
/**
 * The sidecar-ai executable. Before anything else is loaded, `run` gets its V8 heap defaults (the process
 * replaces itself, so loading the program first would be paid twice) and every command gets the linear-time
 * fallback for regular expressions, before any pattern is compiled; then the program starts.
 */
import { enableRegexpFallback } from './cli/regexp-fallback.js';
import { applyV8HeapDefaults } from './cli/v8-heap-defaults.js';

// Only the long-running command: the others are short and would pay a second Node start-up for nothing.
if (process.argv[2] === 'run') applyV8HeapDefaults();
enableRegexpFallback();
await import('./cli/program.js');
