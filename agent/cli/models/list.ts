/** `sidecar-ai models list`: each catalog model, where it would live, and whether it is there (size, version). */
import path from 'node:path';
import { Command } from 'commander';
import { MODEL_CATALOG } from '../../../models/catalog.js';
import { inventory, type ModelEntry } from '../../../models/inventory.js';
import { defaultModelsDir } from '../../../models/locations.js';
import { displayPath } from '../display-path.js';
import { formatBytes } from './progress.js';

export function formatInventory(entries: readonly ModelEntry[]): string {
  const rows = entries.map((entry) => [
    entry.name,
    entry.present ? 'present' : 'missing',
    entry.bytes === undefined ? '-' : formatBytes(entry.bytes),
    entry.version ?? '-',
    displayPath(entry.folder),
    entry.source,
  ]);
  const header = ['NAME', 'STATE', 'SIZE', 'VERSION', 'FOLDER', 'SOURCE'];
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => (row[i] as string).length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] as number))).join('  ');
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}

export function listCommand(): Command {
  return new Command('list')
    .description('List the catalog models, where they live and whether they are provisioned (size, version stamp).')
    .option('--dir <folder>', 'models folder to look in', defaultModelsDir())
    .action(async (options: { dir: string }) => {
      const entries = await inventory(MODEL_CATALOG, path.resolve(options.dir));
      process.stdout.write(formatInventory(entries));
    });
}
