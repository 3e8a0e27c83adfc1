import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { fileInputConfig } from './config.js';
import { fileInput } from './index.js';
import { NoMatchWarnings } from './no-match.js';

function recordingLogger(): { logger: pino.Logger; lines: { level: number; msg: string }[] } {
  const lines: { level: number; msg: string }[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as { level: number; msg: string }) });
  return { logger, lines };
}

describe('NoMatchWarnings', () => {
  it('warns while nothing matches, again every period, and says once when files appear', () => {
    const { logger, lines } = recordingLogger();
    const warnings = new NoMatchWarnings(logger, ['/var/log/app/*.log'], [], 1000);
    warnings.observe(false, 0);
    warnings.observe(false, 999);
    expect(lines).toEqual([expect.objectContaining({ level: 40, msg: 'no file matches ["/var/log/app/*.log"] yet; the input will wait for one (is the log volume mounted at that path?)' })]);
    warnings.observe(false, 1000);
    expect(lines).toHaveLength(2);
    warnings.observe(true, 1500);
    warnings.observe(true, 1600);
    expect(lines.slice(2)).toEqual([expect.objectContaining({ level: 30, msg: 'files now match ["/var/log/app/*.log"]' })]);
    warnings.observe(false, 1700);
    expect(lines).toHaveLength(4);
  });

  it('says nothing when files match from the start', () => {
    const { logger, lines } = recordingLogger();
    const warnings = new NoMatchWarnings(logger, ['a.log'], [], 1000);
    warnings.observe(true, 0);
    expect(lines).toEqual([]);
  });
});

describe('file input check', () => {
  const check = (include: string[], exclude: string[], configDir: string) => fileInput.check?.(fileInputConfig.parse({ include, exclude }), { configDir });

  it('warns, naming the globs, when no file matches them', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'file-check-'));
    writeFileSync(path.join(dir, 'app.log.gz'), 'x');
    expect(check(['./*.log*'], ['*.gz'], dir)).toEqual([
      { path: ['include'], severity: 'warning', message: 'no file matches ["./*.log*"] (excluding ["*.gz"]) yet; the input will wait for one (is the log volume mounted at that path?)' },
    ]);
  });

  it('is content when a file matches (relative globs resolve against the config directory)', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'file-check-'));
    writeFileSync(path.join(dir, 'app.log'), 'x');
    expect(check(['./*.log'], [], dir)).toEqual([]);
  });
});
