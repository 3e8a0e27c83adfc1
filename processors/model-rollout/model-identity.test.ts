import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileIdentity, folderIdentity, settingsIdentity, versionLabel } from './model-identity.js';

async function modelFolder(name: string, files: Record<string, string>): Promise<string> {
  const folder = path.join(await mkdtemp(path.join(os.tmpdir(), 'identity-')), name);
  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(folder, file)), { recursive: true });
    await writeFile(path.join(folder, file), content);
  }
  return folder;
}

describe('model identity', () => {
  it('hashes a folder by its files’ paths and contents, whatever the folder is called', async () => {
    const files = { 'config.json': '{}', 'onnx/model.onnx': 'weights' };
    const a = await folderIdentity(await modelFolder('minilm', files));
    const b = await folderIdentity(await modelFolder('minilm-copy', files));
    expect(a).toEqual({ name: 'minilm', hash: expect.stringMatching(/^[0-9a-f]{8}$/) });
    expect(b.hash).toBe(a.hash);
    expect((await folderIdentity(await modelFolder('minilm', { ...files, 'onnx/model.onnx': 'weights2' }))).hash).not.toBe(a.hash);
    expect((await folderIdentity(await modelFolder('minilm', { 'config.json': '{}', 'onnx/other.onnx': 'weights' }))).hash).not.toBe(a.hash);
    expect(versionLabel(a)).toBe(`minilm@${a.hash}`);
  });

  it('follows links to the files of another folder', async () => {
    const original = await modelFolder('minilm', { 'config.json': '{}', 'onnx/model.onnx': 'weights' });
    const linked = path.join(path.dirname(original), 'linked');
    await mkdir(linked);
    await symlink(path.join(original, 'config.json'), path.join(linked, 'config.json'));
    await symlink(path.join(original, 'onnx'), path.join(linked, 'onnx'));
    expect((await folderIdentity(linked)).hash).toBe((await folderIdentity(original)).hash);
  });

  it('names a file with a prefix, and a trained model by its settings', async () => {
    const folder = await modelFolder('m', { 'iforest.onnx': 'bytes' });
    const file = await fileIdentity(path.join(folder, 'iforest.onnx'), 'onnx:');
    expect(versionLabel(file)).toMatch(/^onnx:iforest\.onnx@[0-9a-f]{8}$/);
    expect(settingsIdentity('online', { trees: 100 })).toEqual(settingsIdentity('online', { trees: 100 }));
    expect(settingsIdentity('online', { trees: 100 }).hash).not.toBe(settingsIdentity('online', { trees: 50 }).hash);
  });
});
