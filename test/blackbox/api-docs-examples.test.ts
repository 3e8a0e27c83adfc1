/**
 * The curl and Python `requests` examples of docs/api.md, taken from the page (each fence after an
 * `<!-- example: NAME -->` comment) and run as they are against a spawned agent, the address and token given
 * through SIDECAR_API and SIDECAR_API_TOKEN as the page says.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensurePython } from '../../scripts/python/env.js';
import { startApiAgent, type ApiAgent } from '../helpers/api-agent.js';

const run = promisify(execFile);
const page = readFileSync(path.resolve(import.meta.dirname, '../../docs/api.md'), 'utf8');

/** The code of the fenced block right after `<!-- example: name -->`. */
function example(markdown: string, name: string): string {
  const match = new RegExp(`<!-- example: ${name} -->\\s*\\n(\`{3,})[^\\n]*\\n([\\s\\S]*?)\\n\\1`).exec(markdown);
  if (match === null) throw new Error(`docs/api.md has no block marked <!-- example: ${name} -->`);
  return match[2] as string;
}

/** python3 when it can import requests, else a venv under .cache/python with scripts/python/requirements-docs.txt. */
async function pythonWithRequests(): Promise<string> {
  const system = process.env.PYTHON ?? 'python3';
  try {
    await run(system, ['-c', 'import requests']);
    return system;
  } catch {
    return ensurePython('requirements-docs.txt');
  }
}

describe('docs/api.md examples', () => {
  let running: ApiAgent;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    running = await startApiAgent('api-docs');
    env = { ...process.env, SIDECAR_API: running.url, SIDECAR_API_TOKEN: running.token };
  });
  afterAll(async () => {
    await running.agent.stop();
  });

  it('finds both marked examples', () => {
    expect(example(page, 'curl')).toContain('curl ');
    expect(example(page, 'python')).toContain('import requests');
  });

  it('the curl example analyzes a ticket', async () => {
    const { stdout } = await run('bash', ['-c', example(page, 'curl')], { env });
    const answer = JSON.parse(stdout) as { id: string; tags: string[]; text: string };
    expect(answer.id).toBe('T-1001');
    expect(answer.tags).toEqual([]); // the test agent runs redact only, no tagging model
    expect(answer.text).toBe('Refund my card [REDACTED:card] please');
  });

  it('the Python requests example scores a transaction', async () => {
    const python = await pythonWithRequests();
    const { stdout } = await run(python, ['-c', example(page, 'python')], { env });
    expect(stdout.trim()).toBe('learning None'); // the test agent's online model is still warming up
  }, 240_000);

  it('the curl example fails loudly with the error body on a wrong token', async () => {
    const failed = await run('bash', ['-c', example(page, 'curl')], { env: { ...env, SIDECAR_API_TOKEN: 'wrong' } }).catch((e: unknown) => e as { code: number; stdout: string });
    expect(failed).toMatchObject({ code: 22 });
    expect(JSON.parse((failed as { stdout: string }).stdout)).toMatchObject({ error: { code: 'API_UNAUTHORIZED' } });
  });
});
