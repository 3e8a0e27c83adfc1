/**
 * What a model is, for version stamps, metrics and roll-out decisions: a readable name and a short hash of
 * its content (sha256 of its files), so two copies of the same weights are the same model and an edited
 * file is a new one, whatever the folder is called.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

export interface ModelIdentity {
  /** The folder or file name (`all-minilm-l6-v2`, `onnx:iforest.onnx`), or the kind of model (`online`). */
  readonly name: string;
  /** The first 8 hex digits of the content's sha256. */
  readonly hash: string;
}

const SHORT = 8;

/** `<name>@<hash>`: the label of a model in metrics and logs, and its version stamp on events. */
export function versionLabel(identity: ModelIdentity): string {
  return `${identity.name}@${identity.hash}`;
}

/** A model folder (every file below it, by relative path and content, symlinks followed), named after the folder. */
export async function folderIdentity(folder: string): Promise<ModelIdentity> {
  const hash = createHash('sha256');
  for (const file of await filesBelow(folder)) {
    hash.update(path.relative(folder, file).split(path.sep).join('/'));
    hash.update('\0');
    await hashFile(hash, file);
    hash.update('\0');
  }
  return { name: path.basename(folder), hash: hash.digest('hex').slice(0, SHORT) };
}

/** One model file, named `<prefix><file name>`. */
export async function fileIdentity(file: string, prefix = ''): Promise<ModelIdentity> {
  const hash = createHash('sha256');
  await hashFile(hash, file);
  return { name: `${prefix}${path.basename(file)}`, hash: hash.digest('hex').slice(0, SHORT) };
}

/** A model defined by its settings alone (one trained in the agent): the hash of their JSON. */
export function settingsIdentity(name: string, settings: unknown): ModelIdentity {
  return { name, hash: createHash('sha256').update(JSON.stringify(settings)).digest('hex').slice(0, SHORT) };
}

async function filesBelow(folder: string): Promise<string[]> {
  const files: string[] = [];
  const entries = (await readdir(folder)).sort();
  for (const entry of entries) {
    const full = path.join(folder, entry);
    const info = await stat(full);
    if (info.isDirectory()) files.push(...(await filesBelow(full)));
    else if (info.isFile()) files.push(full);
  }
  return files;
}

function hashFile(hash: ReturnType<typeof createHash>, file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', resolve);
  });
}
