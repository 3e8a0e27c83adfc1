/**
 * TLS and credentials of the elasticsearch output, against a local HTTPS server whose certificate is signed
 * by a throw-away CA made with openssl for this test.
 */
import { Registry } from 'prom-client';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSearchEngine } from '../../../test/helpers/fake-search-engine.js';
import type { ComponentContext, Output } from '../../component.js';
import { elasticsearchOutput } from './index.js';
import { MemoryDeadLetters } from '../../../test/helpers/dead-letters.js';

let dir = '';
let url = '';
const engine = new FakeSearchEngine();

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'es-tls-'));
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '1', '-subj', '/CN=sidecar-test-ca');
  run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
  await writeFile(path.join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1\n');
  run('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '1', '-extfile', 'san.ext');
  url = await engine.start({ key: await readFile(path.join(dir, 'server.key')), cert: await readFile(path.join(dir, 'server.pem')) });
});
afterAll(() => engine.stop());

async function output(extra: Record<string, unknown>): Promise<Output> {
  const ctx: ComponentContext = { id: 'search', location: 'outputs[0]', logger: pino({ level: 'silent' }), stateDir: dir, configDir: dir, deadLetters: new MemoryDeadLetters(), metrics: new Registry() };
  const config = elasticsearchOutput.config.parse({ nodes: [url], batch: { flush_interval: '10ms' }, retry: { initial_backoff: '10ms', max_backoff: '20ms' }, ...extra });
  return elasticsearchOutput.create(config, ctx);
}

const event = { '@timestamp': '2026-01-01T00:00:00.000Z', message: 'over TLS' };

describe('elasticsearch output over TLS', () => {
  it('trusts the CA from ca_file and sends basic credentials', async () => {
    const out = await output({ tls: { ca_file: 'ca.pem' }, auth: { username: 'shipper', password: 's3cret' } });
    await out.write([event]);
    await out.close();
    expect(engine.calls.at(-1)?.authorization).toBe(`Basic ${Buffer.from('shipper:s3cret').toString('base64')}`);
  });

  it('sends an API key', async () => {
    const out = await output({ tls: { ca_file: 'ca.pem' }, auth: { api_key: 'a2V5OnNlY3JldA==' } });
    await out.write([event]);
    await out.close();
    expect(engine.calls.at(-1)?.authorization).toBe('ApiKey a2V5OnNlY3JldA==');
  });

  it('refuses an unknown CA (nothing acknowledged), unless verify is off', async () => {
    const before = engine.calls.length;
    const strict = await output({});
    let settled = false;
    const write = strict.write([event]).then(() => (settled = true), () => (settled = true));
    await new Promise((r) => setTimeout(r, 300));
    expect(settled).toBe(false);
    expect(engine.calls.length).toBe(before);
    await strict.close();
    await write;

    const lax = await output({ tls: { verify: false } });
    await lax.write([event]);
    await lax.close();
    expect(engine.calls.length).toBe(before + 1);
  });
});
