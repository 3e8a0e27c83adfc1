/**
 * What is in a models folder for each catalog model: where it would live, whether it is provisioned, its
 * size, and the version stamp events would carry (`<name>@<hash>`, the hash of the folder's content).
 */
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { CatalogModel } from './catalog.js';
import { MARKER } from './provision.js';
import { folderIdentity, versionLabel } from '../processors/model-rollout/model-identity.js';

export interface ModelEntry {
  readonly name: string;
  readonly folder: string;
  readonly present: boolean;
  /** Total size of the folder's files; undefined when absent. */
  readonly bytes: number | undefined;
  readonly version: string | undefined;
  /** Where the catalog fetches it from. */
  readonly source: string;
}

export async function inventory(catalog: readonly CatalogModel[], modelsDir: string): Promise<ModelEntry[]> {
  return Promise.all(
    catalog.map(async (model) => {
      const folder = path.join(modelsDir, model.name);
      const source = `maven:${model.maven.groupId}:${model.maven.artifactId}:${model.maven.version}`;
      if (!existsSync(path.join(folder, MARKER))) return { name: model.name, folder, present: false, bytes: undefined, version: undefined, source };
      return { name: model.name, folder, present: true, bytes: await folderBytes(folder), version: versionLabel(await folderIdentity(folder)), source };
    }),
  );
}

async function folderBytes(folder: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(folder, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(path.join(entry.parentPath, entry.name))).size;
  }
  return total;
}
