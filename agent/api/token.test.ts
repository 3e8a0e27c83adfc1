import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SidecarError } from '../errors.js';
import { tokenCheck } from './token.js';

const ENV = 'SIDECAR_API_TOKEN_TEST';

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('tokenCheck', () => {
  afterEach(() => {
    delete process.env[ENV];
  });

  it('accepts every request when no token is configured', () => {
    const check = tokenCheck(undefined, os.tmpdir());
    expect(check(undefined)).toBe(true);
    expect(check('Bearer anything')).toBe(true);
  });

  it('reads the token from an environment variable and compares the bearer', () => {
    process.env[ENV] = 's3cret';
    const check = tokenCheck({ env: ENV }, os.tmpdir());
    expect(check('Bearer s3cret')).toBe(true);
    expect(check('Bearer wrong')).toBe(false);
    expect(check('Bearer s3cret2')).toBe(false);
    expect(check('s3cret')).toBe(false);
    expect(check('Basic s3cret')).toBe(false);
    expect(check('Bearer ')).toBe(false);
    expect(check(undefined)).toBe(false);
  });

  it('reads the token once, at start', () => {
    process.env[ENV] = 'first';
    const check = tokenCheck({ env: ENV }, os.tmpdir());
    process.env[ENV] = 'second';
    expect(check('Bearer first')).toBe(true);
    expect(check('Bearer second')).toBe(false);
  });

  it('reads the token from a file relative to the config directory, trimmed', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sidecar-token-'));
    writeFileSync(path.join(dir, 'token'), 'from-file\n');
    const check = tokenCheck({ file: 'token' }, dir);
    expect(check('Bearer from-file')).toBe(true);
    expect(check('Bearer from-file\n')).toBe(false);
    expect(check('Bearer other')).toBe(false);
  });

  it('refuses to start (API_LISTEN) when the variable is unset or empty', () => {
    const unset = thrown(() => tokenCheck({ env: ENV }, os.tmpdir()));
    expect(unset).toBeInstanceOf(SidecarError);
    expect((unset as SidecarError).code).toBe('API_LISTEN');
    expect((unset as Error).message).toContain(ENV);
    process.env[ENV] = '';
    expect((thrown(() => tokenCheck({ env: ENV }, os.tmpdir())) as SidecarError).code).toBe('API_LISTEN');
  });

  it('refuses to start (API_LISTEN) when the file is missing or empty', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sidecar-token-'));
    const missing = thrown(() => tokenCheck({ file: 'nope' }, dir));
    expect((missing as SidecarError).code).toBe('API_LISTEN');
    expect((missing as Error).message).toContain(path.join(dir, 'nope'));
    writeFileSync(path.join(dir, 'empty'), '  \n');
    expect((thrown(() => tokenCheck({ file: 'empty' }, dir)) as SidecarError).code).toBe('API_LISTEN');
  });
});
