/**
 * The Helm chart (deploy/helm/sidecar-ai) with the helm CLI built from its Go module (scripts/helm/helm.ts):
 * lint, render with each values file of ci/ and validate every object against the Kubernetes schemas, and the
 * agent config the chart renders against the agent's own loader, with the environment its container gets.
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinRegistry } from '../../agent/builtins.js';
import { parseConfigText } from '../../config/loader.js';
import { ensureHelm } from '../../scripts/helm/helm.js';
import { ensurePython } from '../../scripts/python/env.js';
import { agentContainer, environmentOf, manifestsOf, podSpecOf, undeclaredMounts, validateManifests, type Manifest } from '../helpers/kubernetes-manifests.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const chart = path.join(root, 'deploy', 'helm', 'sidecar-ai');
const RELEASE = 'demo';
/** The oldest Kubernetes the chart supports (Chart.yaml kubeVersion): native sidecars are on by default. */
const MIN_KUBERNETES = '1.29.0';

let helm: string;

async function helmRun(args: string[]): Promise<string> {
  try {
    const { stdout } = await run(helm, args, { maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    throw new Error(`helm ${args.join(' ')}: ${(error as { stderr?: string }).stderr ?? (error as Error).message}`);
  }
}

function template(chartDir: string, args: string[] = []): Promise<string> {
  return helmRun(['template', RELEASE, chartDir, '--kube-version', MIN_KUBERNETES, ...args]);
}

/** Keys of the Secrets the values files name as existing (what an operator would have created). */
const EXISTING_SECRETS: Record<string, readonly string[]> = {
  'shop-sidecar-es': ['ES_USERNAME', 'ES_PASSWORD'],
  'sidecar-ai-api': ['SIDECAR_API_TOKEN'],
};

interface Rendered {
  readonly manifests: Manifest[];
  readonly config: string;
  /** The pod with the agent: the chart's Deployment, or the example application with the native sidecar. */
  readonly workload: Manifest;
}

function rendered(text: string): Rendered {
  const manifests = manifestsOf(text);
  const config = manifests.find((m) => m.kind === 'ConfigMap')?.data as Record<string, unknown> | undefined;
  const workloads = manifests.filter((m) => m.kind === 'Deployment');
  expect(workloads).toHaveLength(1);
  if (typeof config?.['sidecar.yaml'] !== 'string' || workloads[0] === undefined) throw new Error('no ConfigMap with sidecar.yaml');
  return { manifests, config: config['sidecar.yaml'], workload: workloads[0] };
}

/** Every Secret's keys: the ones the chart renders and the existing ones above. */
function secretKeys(manifests: Manifest[]): Record<string, readonly string[]> {
  const keys: Record<string, readonly string[]> = { ...EXISTING_SECRETS };
  for (const secret of manifests.filter((m) => m.kind === 'Secret')) keys[secret.metadata.name] = Object.keys((secret.stringData as Record<string, string> | undefined) ?? {});
  return keys;
}

beforeAll(async () => {
  // On a fresh machine helm is built from source (about six CPU-minutes) and the schemas' Python environment
  // installed; on a machine shared with other work that can take a quarter of an hour or more.
  [helm] = await Promise.all([ensureHelm(), ensurePython('requirements-kubernetes.txt')]);
}, 1_800_000);

const valuesFiles = async () => (await readdir(path.join(chart, 'ci'))).filter((f) => f.endsWith('.yaml')).sort();

describe('Helm chart deploy/helm/sidecar-ai', () => {
  it('passes helm lint --strict with the defaults and with each values file of ci/', async () => {
    const files = await valuesFiles();
    expect(files).toEqual(['api-values.yaml', 'models-init-values.yaml', 'sidecar-example-values.yaml', 'with-secret-values.yaml']);
    for (const values of [undefined, ...files]) {
      const output = await helmRun(['lint', '--strict', chart, '--kube-version', MIN_KUBERNETES, ...(values ? ['-f', path.join(chart, 'ci', values)] : [])]);
      expect(output, values).toMatch(/1 chart\(s\) linted, 0 chart\(s\) failed/);
    }
  });

  it.each([['defaults'], ['api-values.yaml'], ['models-init-values.yaml'], ['sidecar-example-values.yaml'], ['with-secret-values.yaml']])(
    '%s: renders objects valid for Kubernetes, and a config the agent accepts with its pod environment',
    async (values) => {
      const { manifests, config, workload } = rendered(await template(chart, values === 'defaults' ? [] : ['-f', path.join(chart, 'ci', values)]));
      const verdicts = await validateManifests(manifests);
      expect(verdicts.filter((v) => v.error !== null)).toEqual([]);
      const pod = podSpecOf(workload);
      expect(undeclaredMounts(pod)).toEqual([]);
      const agent = agentContainer(pod);
      expect(agent?.nativeSidecar).toBe(values === 'sidecar-example-values.yaml');
      const env = environmentOf(agent!.container, secretKeys(manifests));
      // Model folders exist only in the pod; everything else is checked as `sidecar-ai validate` would.
      const parsed = parseConfigText(config, `${values} (ConfigMap)`, builtinRegistry(), env, { checkMachine: values !== 'models-init-values.yaml' });
      expect(parsed.state_dir).toBe('/var/lib/sidecar-ai');
      expect(parsed.telemetry.listen).toBe('0.0.0.0:9598');
      const stateMount = agent!.container.volumeMounts?.find((m) => m.mountPath === parsed.state_dir);
      expect(stateMount?.readOnly).toBeUndefined();
    },
  );

  it('with-secret: the chart creates the Secret and every ${VAR} of the config comes from it', async () => {
    const { manifests, config, workload } = rendered(await template(chart, ['-f', path.join(chart, 'ci', 'with-secret-values.yaml')]));
    const secret = manifests.find((m) => m.kind === 'Secret');
    expect(secret?.metadata.name).toBe('demo-sidecar-ai-credentials');
    const agent = agentContainer(podSpecOf(workload))!;
    expect(agent.container.envFrom).toEqual([{ secretRef: { name: 'demo-sidecar-ai-credentials' } }]);
    const parsed = parseConfigText(config, 'with-secret', builtinRegistry(), environmentOf(agent.container, secretKeys(manifests)));
    expect(parsed.outputs[0]).toMatchObject({ auth: { username: 'es_username-value', password: 'es_password-value' } });
    expect(() => parseConfigText(config, 'with-secret', builtinRegistry(), {})).toThrow(/ES_PASSWORD is not set/);
  });

  it('models init container: pulls the named models into the volume the agent mounts read-only, before it starts', async () => {
    const { workload } = rendered(await template(chart, ['-f', path.join(chart, 'ci', 'models-init-values.yaml')]));
    const pod = podSpecOf(workload);
    const pull = pod.initContainers?.[0];
    expect(pull?.image).toBe('registry.example.com/sidecar-ai:0.1.0-provisioner');
    expect(pull?.args).toEqual(['models', 'pull', '--dir', '/opt/sidecar-ai/models', 'all-minilm-l6-v2']);
    const agent = agentContainer(pod)!.container;
    expect(agent.volumeMounts).toContainEqual({ name: 'sidecar-ai-models', mountPath: '/opt/sidecar-ai/models', readOnly: true });
    expect(pull?.volumeMounts).toContainEqual({ name: 'sidecar-ai-models', mountPath: '/opt/sidecar-ai/models' });
  });

  it('api: the Service exposes the API port the config listens on', async () => {
    const { manifests, config } = rendered(await template(chart, ['-f', path.join(chart, 'ci', 'api-values.yaml')]));
    const service = manifests.find((m) => m.kind === 'Service') as { spec?: { ports?: { name: string; port: number }[] } } | undefined;
    expect(service?.spec?.ports?.map((p) => `${p.name}:${p.port}`)).toEqual(['telemetry:9598', 'api:8087']);
    expect(parseConfigText(config, 'api', builtinRegistry(), { SIDECAR_API_TOKEN: 't' }).api?.listen).toBe('0.0.0.0:8087');
  });

  it.each([
    ['a negative replica count', ['--set', 'deployment.replicas=-1']],
    ['an unknown top-level key', ['--set', 'replicaCount=2']],
    ['state_dir in config (the chart sets it)', ['--set', 'config.state_dir=/data']],
    ['credentials.create without data', ['--set', 'credentials.create=true']],
    ['a config without outputs', ['--set', 'config.outputs=null']],
  ])('values.schema.json refuses %s', async (_what, args) => {
    await expect(template(chart, args)).rejects.toThrow(/values don't meet the specifications of the schema|schema/);
  });

  it('refuses Kubernetes before 1.29 (no native sidecars)', async () => {
    await expect(helmRun(['template', RELEASE, chart, '--kube-version', '1.28.0'])).rejects.toThrow(/kubeVersion|incompatible/i);
  });
});

describe('an application chart with the agent as a native sidecar (deploy/helm/examples/shop)', () => {
  let work: string;
  beforeAll(async () => {
    // Copied to a scratch folder with the same layout (the dependency is file://../../sidecar-ai), so that
    // `helm dependency build` leaves the checkout clean.
    work = await mkdtemp(path.join(tmpdir(), 'helm-shop-'));
    await cp(path.join(root, 'deploy', 'helm', 'examples', 'shop'), path.join(work, 'examples', 'shop'), { recursive: true, filter: (source) => !source.includes(`${path.sep}charts`) });
    await cp(chart, path.join(work, 'sidecar-ai'), { recursive: true });
    await helmRun(['dependency', 'build', path.join(work, 'examples', 'shop')]);
  }, 120_000);
  afterAll(() => rm(work, { recursive: true, force: true }));

  it('renders the app with the sidecar, reading the ConfigMap its dependency renders', async () => {
    const manifests = manifestsOf(await template(path.join(work, 'examples', 'shop')));
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`).sort()).toEqual(['ConfigMap/demo-sidecar-ai', 'Deployment/demo-shop']);
    expect((await validateManifests(manifests)).filter((v) => v.error !== null)).toEqual([]);
    const pod = podSpecOf(manifests.find((m) => m.kind === 'Deployment')!);
    const agent = agentContainer(pod);
    expect(agent?.nativeSidecar).toBe(true);
    expect(agent?.container.volumeMounts).toContainEqual({ name: 'app-logs', mountPath: '/var/log/app', readOnly: true });
    expect(pod.volumes).toContainEqual({ name: 'sidecar-ai-config', configMap: { name: 'demo-sidecar-ai' } });
    const config = (manifests.find((m) => m.kind === 'ConfigMap')?.data as Record<string, string>)['sidecar.yaml'] ?? '';
    expect(parseConfigText(config, 'shop', builtinRegistry(), environmentOf(agent!.container, EXISTING_SECRETS)).inputs[0]).toMatchObject({ type: 'file' });
  });
});
