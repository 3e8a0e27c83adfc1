/**
 * The manifests and agent configs shipped inside deploy/ (Kubernetes examples, Compose config) must stay valid
 * as the schemas evolve: each embedded config against the agent's loader, with exactly the environment its
 * container gets, and each Kubernetes object against the API's schemas.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { builtinRegistry } from '../../agent/builtins.js';
import { parseConfigText } from '../../config/loader.js';
import { ensurePython } from '../../scripts/python/env.js';
import { agentContainer, environmentOf, KUBERNETES_VERSIONS, manifestsOf, podSpecOf, undeclaredMounts, validateManifests, type Manifest } from '../helpers/kubernetes-manifests.js';

const deploy = path.resolve(import.meta.dirname, '../../deploy');

async function embedded(file: string, pick: (doc: Record<string, unknown>) => unknown): Promise<string[]> {
  const docs = parseAllDocuments(await readFile(path.join(deploy, file), 'utf8')).map((d) => d.toJS() as Record<string, unknown>);
  return docs.map(pick).filter((text): text is string => typeof text === 'string');
}

interface Example {
  readonly manifests: Manifest[];
  readonly config: string;
  readonly deployment: Manifest;
}

async function example(file: string): Promise<Example> {
  const manifests = manifestsOf(await readFile(path.join(deploy, 'kubernetes', file), 'utf8'));
  const configMaps = manifests.filter((m) => m.kind === 'ConfigMap');
  const deployments = manifests.filter((m) => m.kind === 'Deployment');
  expect(configMaps).toHaveLength(1);
  expect(deployments).toHaveLength(1);
  const config = (configMaps[0]?.data as Record<string, unknown> | undefined)?.['sidecar.yaml'];
  if (typeof config !== 'string' || deployments[0] === undefined) throw new Error(`${file}: no sidecar.yaml or no Deployment`);
  return { manifests, config, deployment: deployments[0] };
}

/** The config parsed with the environment of the agent's container only, and how the container is run. */
function parseWithPodEnvironment({ config, deployment }: Example, file: string, checkMachine = true) {
  const pod = podSpecOf(deployment);
  const agent = agentContainer(pod);
  if (agent === undefined) throw new Error(`${file}: no agent container`);
  return { agent, pod, config: parseConfigText(config, file, builtinRegistry(), environmentOf(agent.container), { checkMachine }) };
}

describe('Kubernetes examples in deploy/kubernetes', () => {
  // The schemas' Python environment is installed from PyPI on first use (about a minute).
  beforeAll(() => ensurePython('requirements-kubernetes.txt'), 600_000);

  it('sidecar-pod.yaml: a native sidecar shipping to Elasticsearch with credentials from a Secret', async () => {
    const shop = await example('sidecar-pod.yaml');
    const { agent, pod, config } = parseWithPodEnvironment(shop, 'sidecar-pod.yaml');
    expect(agent.nativeSidecar).toBe(true);
    expect(config.outputs).toEqual([expect.objectContaining({ type: 'elasticsearch', auth: { username: 'es_username-value', password: 'es_password-value' } })]);
    expect(agent.container.env?.filter((e) => e.name.startsWith('ES_')).map((e) => e.valueFrom)).toEqual([
      { secretKeyRef: { name: 'shop-sidecar-es', key: 'username' } },
      { secretKeyRef: { name: 'shop-sidecar-es', key: 'password' } },
    ]);
    expect(undeclaredMounts(pod)).toEqual([]);
    // Without the Secret's variables the agent refuses to start: the references are real.
    expect(() => parseConfigText(shop.config, 'sidecar-pod.yaml', builtinRegistry(), {})).toThrow(/ES_USERNAME is not set/);
  });

  it('sidecar-api-pod.yaml: a native sidecar with the API on loopback', async () => {
    const { agent, pod, config } = parseWithPodEnvironment(await example('sidecar-api-pod.yaml'), 'sidecar-api-pod.yaml');
    expect(agent.nativeSidecar).toBe(true);
    expect(config.api).toMatchObject({ listen: '127.0.0.1:8087', transactions: ['payments'] });
    expect(undeclaredMounts(pod)).toEqual([]);
  });

  it('sidecar-models-pod.yaml: an init container pulls the model into the folder the config names', async () => {
    // The model folder exists only in a pod, so the machine checks are off here.
    const { agent, pod, config } = parseWithPodEnvironment(await example('sidecar-models-pod.yaml'), 'sidecar-models-pod.yaml', false);
    expect(agent.nativeSidecar).toBe(true);
    const tagger = config.processors.find((p) => p.type === 'ticket_tagger') as { model?: { path: string } } | undefined;
    const pull = pod.initContainers?.find((c) => c.args?.slice(0, 2).join(' ') === 'models pull');
    expect(pull?.args).toEqual(['models', 'pull', '--dir', '/opt/sidecar-ai/models', 'all-minilm-l6-v2']);
    // The pull runs before the sidecar starts (init containers start in order) and fills the volume it reads.
    expect(pod.initContainers?.indexOf(pull!)).toBeLessThan(pod.initContainers?.indexOf(agent.container) ?? -1);
    const pulledInto = pull?.volumeMounts?.find((m) => m.mountPath === '/opt/sidecar-ai/models')?.name;
    expect(agent.container.volumeMounts).toContainEqual({ name: pulledInto, mountPath: '/opt/sidecar-ai/models', readOnly: true });
    expect(tagger?.model?.path).toBe('/opt/sidecar-ai/models/all-minilm-l6-v2');
    expect(undeclaredMounts(pod)).toEqual([]);
  });

  it(`every object is valid against the Kubernetes ${KUBERNETES_VERSIONS.join(' and ')} schemas`, async () => {
    const manifests = (await Promise.all(['sidecar-pod.yaml', 'sidecar-api-pod.yaml', 'sidecar-models-pod.yaml'].map(example))).flatMap((e) => e.manifests);
    const verdicts = await validateManifests(manifests);
    expect(verdicts).toHaveLength(manifests.length * KUBERNETES_VERSIONS.length);
    expect(verdicts.filter((v) => v.error !== null)).toEqual([]);
  });

  it('the schema check rejects what Kubernetes would reject', async () => {
    const [configMap] = (await example('sidecar-pod.yaml')).manifests;
    const broken = { ...configMap, data: { 'sidecar.yaml': 1 }, binaryDat: {} } as unknown as Manifest;
    const verdicts = await validateManifests([broken], ['1.29.0']);
    expect(verdicts[0]?.error).toMatch(/binaryDat|not of type/);
  });
});

describe('agent configs in deploy/compose.yaml', () => {
  it('the Compose file holds a valid config', async () => {
    const configs = await embedded('compose.yaml', (d) => ((d.configs as Record<string, { content?: string }> | undefined)?.['sidecar-config'])?.content);
    expect(configs).toHaveLength(1);
    for (const text of configs) expect(parseConfigText(text, 'compose.yaml', builtinRegistry(), {}).api?.listen).toBe('0.0.0.0:8087');
  });
});
