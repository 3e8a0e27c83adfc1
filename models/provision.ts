/**
 * `npm run models`: fetches the catalog's models from Maven Central (once; cached by Maven and by a marker
 * file) and lays them out for transformers.js under models/<name>/.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { CatalogModel } from './catalog.js';

const run = promisify(execFile);
const MARKER = '.provisioned';

export interface ProvisionResult {
  readonly name: string;
  readonly folder: string;
  readonly fetched: boolean;
}

export async function provisionModel(model: CatalogModel, modelsDir: string, cacheDir: string): Promise<ProvisionResult> {
  const folder = path.join(modelsDir, model.name);
  const { groupId, artifactId, version } = model.maven;
  const marker = `${groupId}:${artifactId}:${version}\n`;
  if (existsSync(path.join(folder, MARKER))) return { name: model.name, folder, fetched: false };

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
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new Error('Maven (mvn) is needed to fetch models from Maven Central: apt-get install maven');
    const output = `${(error as { stdout?: string }).stdout ?? ''}${(error as { stderr?: string }).stderr ?? ''}`.trim().split('\n').slice(-5).join('\n');
    throw new Error(`could not fetch ${groupId}:${artifactId}:${version} from Maven Central:\n${output}`);
  }
  await rm(folder, { recursive: true, force: true });
  await mkdir(path.join(folder, 'onnx'), { recursive: true });
  await copyFile(path.join(unpacked, model.onnxEntry), path.join(folder, 'onnx', 'model_quantized.onnx'));
  await copyFile(path.join(unpacked, model.tokenizerEntry), path.join(folder, 'tokenizer.json'));
  await writeFile(path.join(folder, 'config.json'), `${JSON.stringify(model.config, null, 2)}\n`);
  await writeFile(path.join(folder, 'tokenizer_config.json'), `${JSON.stringify(model.tokenizerConfig, null, 2)}\n`);
  await writeFile(path.join(folder, MARKER), marker);
  return { name: model.name, folder, fetched: true };
}
