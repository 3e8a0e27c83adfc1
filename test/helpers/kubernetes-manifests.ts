/**
 * Checks of Kubernetes manifests shared by the deploy/ tests: validation against the API's JSON schemas (with
 * kubernetes-validate, in a Python environment under .cache/python), and a look at the agent's container in a
 * pod template (which environment variables it gets, which volumes it mounts).
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { z } from 'zod';
import { ensurePython } from '../../scripts/python/env.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

/** The oldest Kubernetes with native sidecars on by default, and the newest the schemas cover. */
export const KUBERNETES_VERSIONS = ['1.29.0', '1.37.0'] as const;

export type Manifest = Record<string, unknown> & { kind: string; metadata: { name: string } };

const ManifestShape = z.looseObject({ kind: z.string(), metadata: z.looseObject({ name: z.string() }) });

/** Every non-empty document of a multi-document YAML text, checked to be a Kubernetes object. */
export function manifestsOf(text: string): Manifest[] {
  return parseAllDocuments(text)
    .map((doc) => doc.toJS() as unknown)
    .filter((doc) => doc !== null && doc !== undefined)
    .map((doc) => ManifestShape.parse(doc) as Manifest);
}

const Verdict = z.object({ version: z.string(), kind: z.string(), name: z.string().nullable(), error: z.string().nullable() });
export type Verdict = z.infer<typeof Verdict>;

/** One verdict per manifest and Kubernetes version (strict: an unknown field is an error). */
export async function validateManifests(manifests: readonly Manifest[], versions: readonly string[] = KUBERNETES_VERSIONS): Promise<Verdict[]> {
  const python = await ensurePython('requirements-kubernetes.txt');
  const child = run(python, [path.join(root, 'scripts', 'python', 'validate_manifests.py'), ...versions], { maxBuffer: 16 * 1024 * 1024 });
  child.child.stdin?.end(JSON.stringify(manifests));
  const { stdout } = await child;
  return stdout
    .trim()
    .split('\n')
    .map((line) => Verdict.parse(JSON.parse(line)));
}

const EnvVar = z.object({ name: z.string(), value: z.string().optional(), valueFrom: z.unknown().optional() });
const Container = z.looseObject({
  name: z.string(),
  image: z.string(),
  args: z.array(z.string()).optional(),
  restartPolicy: z.string().optional(),
  env: z.array(EnvVar).optional(),
  envFrom: z.array(z.looseObject({ secretRef: z.object({ name: z.string() }).optional() })).optional(),
  volumeMounts: z.array(z.looseObject({ name: z.string(), mountPath: z.string(), readOnly: z.boolean().optional() })).optional(),
});
export type Container = z.infer<typeof Container>;
const PodSpec = z.looseObject({
  initContainers: z.array(Container).optional(),
  containers: z.array(Container),
  volumes: z.array(z.looseObject({ name: z.string() })).optional(),
});
export type PodSpec = z.infer<typeof PodSpec>;
const Workload = z.looseObject({ spec: z.looseObject({ template: z.looseObject({ spec: PodSpec }) }) });

/** The pod template of a Deployment (or any workload with spec.template). */
export function podSpecOf(manifest: Manifest): PodSpec {
  return Workload.parse(manifest).spec.template.spec;
}

/** The agent's container: a native sidecar (an init container restarted always) or an ordinary container. */
export function agentContainer(pod: PodSpec): { container: Container; nativeSidecar: boolean } | undefined {
  const sidecar = pod.initContainers?.find((c) => c.args?.[0] === 'run' && c.restartPolicy === 'Always');
  if (sidecar) return { container: sidecar, nativeSidecar: true };
  const container = pod.containers.find((c) => c.args?.[0] === 'run' && c.image.includes('sidecar-ai'));
  return container ? { container, nativeSidecar: false } : undefined;
}

/**
 * The environment the container gets, with placeholder values: its env entries, and the keys of the Secrets
 * it takes whole (envFrom), as `secretKeys` says they are.
 */
export function environmentOf(container: Container, secretKeys: Record<string, readonly string[]> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const from of container.envFrom ?? []) {
    const name = from.secretRef?.name;
    if (name === undefined) continue;
    const keys = secretKeys[name];
    if (keys === undefined) throw new Error(`the test does not know the keys of Secret ${name}`);
    for (const key of keys) env[key] = `${key.toLowerCase()}-value`;
  }
  for (const variable of container.env ?? []) env[variable.name] = variable.value ?? `${variable.name.toLowerCase()}-value`;
  return env;
}

/** Volume mounts of every container that name no volume of the pod. */
export function undeclaredMounts(pod: PodSpec): string[] {
  const declared = new Set((pod.volumes ?? []).map((v) => v.name));
  return [...(pod.initContainers ?? []), ...pod.containers].flatMap((c) => (c.volumeMounts ?? []).filter((m) => !declared.has(m.name)).map((m) => `${c.name}: ${m.name}`));
}
