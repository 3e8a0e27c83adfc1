/**
 * A Python virtual environment under .cache/python with the packages of scripts/python/requirements.txt
 * (from PyPI), created on first use and reused while the requirements are unchanged. Another requirements
 * file of scripts/python (e.g. requirements-docs.txt, requirements-export.txt) gets its own environment
 * beside it.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
let foundRoot: string | undefined;

/**
 * The repository or package root: the first folder above this file (source, compiled under dist/, or bundled
 * into dist/bin/) with the requirements. Looked up on first use, not on import: the agent's executable
 * imports this for `anomaly export`, and an installation without scripts/python (the container image) must
 * still start.
 */
function repositoryRoot(): string {
  if (foundRoot !== undefined) return foundRoot;
  let dir = import.meta.dirname;
  while (!existsSync(path.join(dir, 'scripts', 'python', 'requirements.txt')) || !existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`scripts/python/ is not part of this installation (looked above ${import.meta.dirname}): it comes with the npm package and the repository, not the container image`);
    dir = parent;
  }
  foundRoot = dir;
  return dir;
}

/** The virtual environment's python, ready to import the packages of `requirementsFile` (in scripts/python). */
export async function ensurePython(requirementsFile = 'requirements.txt'): Promise<string> {
  const root = repositoryRoot();
  const requirements = path.join(root, 'scripts', 'python', requirementsFile);
  const name = requirementsFile.replace(/^requirements-?|\.txt$/g, '');
  // An installed package may sit in a read-only folder: SIDECAR_PYTHON_DIR puts the environments elsewhere.
  const venv = path.join(process.env.SIDECAR_PYTHON_DIR ?? path.join(root, '.cache', 'python'), name === '' ? 'venv' : `venv-${name}`);
  const python = path.join(venv, 'bin', 'python');
  const digest = createHash('sha256').update(await readFile(requirements)).digest('hex');
  const marker = path.join(venv, '.requirements-sha256');
  if (existsSync(python) && existsSync(marker) && (await readFile(marker, 'utf8')) === digest) return python;
  await rm(venv, { recursive: true, force: true });
  const system = process.env.PYTHON ?? 'python3';
  try {
    await run(system, ['-m', 'venv', venv]);
    await run(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-r', requirements], { maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const output = `${(error as { stderr?: string }).stderr ?? ''}`.trim().split('\n').slice(-5).join('\n');
    throw new Error(`cannot set up the Python environment in ${venv} (${system} -m venv, pip install -r ${path.relative(root, requirements)}):\n${output || (error as Error).message}`);
  }
  await writeFile(marker, digest);
  return python;
}

/** Runs a script of scripts/python with the environment's python; returns its standard output. */
export async function runPython(script: string, args: string[], requirementsFile = 'requirements.txt'): Promise<string> {
  const python = await ensurePython(requirementsFile);
  const { stdout } = await run(python, [path.join(repositoryRoot(), 'scripts', 'python', script), ...args], { maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}
