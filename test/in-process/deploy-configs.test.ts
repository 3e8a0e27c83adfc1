/**
 * The agent configs shipped inside deploy/ (Kubernetes ConfigMap, Compose config) must stay valid as the
 * schemas evolve.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { builtinRegistry } from '../../agent/builtins.js';
import { parseConfigText } from '../../config/loader.js';

const deploy = path.resolve(import.meta.dirname, '../../deploy');

async function embedded(file: string, pick: (doc: Record<string, unknown>) => unknown): Promise<string[]> {
  const docs = parseAllDocuments(await readFile(path.join(deploy, file), 'utf8')).map((d) => d.toJS() as Record<string, unknown>);
  return docs.map(pick).filter((text): text is string => typeof text === 'string');
}

describe('agent configs in deploy/', () => {
  it('the Kubernetes ConfigMap holds a valid config', async () => {
    const configs = await embedded('kubernetes/sidecar-pod.yaml', (d) => (d.data as Record<string, unknown> | undefined)?.['sidecar.yaml']);
    expect(configs).toHaveLength(1);
    for (const text of configs) expect(() => parseConfigText(text, 'sidecar-pod.yaml', builtinRegistry(), {})).not.toThrow();
  });

  it('the Kubernetes pod with the API holds a valid config with an api section', async () => {
    const configs = await embedded('kubernetes/sidecar-api-pod.yaml', (d) => (d.data as Record<string, unknown> | undefined)?.['sidecar.yaml']);
    expect(configs).toHaveLength(1);
    for (const text of configs) expect(parseConfigText(text, 'sidecar-api-pod.yaml', builtinRegistry(), {}).api).toMatchObject({ listen: '127.0.0.1:8087', transactions: ['payments'] });
  });

  it('the Compose file holds a valid config', async () => {
    const configs = await embedded('compose.yaml', (d) => ((d.configs as Record<string, { content?: string }> | undefined)?.['sidecar-config'])?.content);
    expect(configs).toHaveLength(1);
    for (const text of configs) expect(parseConfigText(text, 'compose.yaml', builtinRegistry(), {}).api?.listen).toBe('0.0.0.0:8087');
  });
});
