/**
 * The engine's own limit for the file → Elasticsearch workload: the agent's documents (captured once with
 * its file output), pre-built into `_bulk` bodies of 5000, sent 2 at a time; no encoding in the timed part.
 */
import { spawn } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

const BATCH = 5000;
const IN_FLIGHT = 2;

async function captureDocuments(cli: string, work: string, input: string): Promise<string[]> {
  const dir = path.join(work, 'replay-docs');
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const output = path.join(dir, 'docs.ndjson');
  const config = path.join(dir, 'config.yaml');
  await writeFile(
    config,
    `state_dir: ${dir}/state\nlog: { level: warn }\ninputs:\n  - type: file\n    include: ["${input}"]\nprocessors: [{ type: parse_json }]\noutputs:\n  - type: file\n    path: ${output}\n    fsync: false\n`,
  );
  const child = spawn(process.execPath, [cli, 'run', '--once', '-c', config], { stdio: ['ignore', 'ignore', 'inherit'] });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`sidecar-ai (capturing documents) exited with ${code}`);
  return (await readFile(output, 'utf8')).split('\n').filter((line) => line !== '');
}

export async function replayBulk(node: string, cli: string, work: string, input: string, index: string): Promise<{ seconds: number }> {
  const docs = await captureDocuments(cli, work, input);
  const action = `{"create":{"_index":"${index}"}}\n`;
  const bodies: string[] = [];
  for (let i = 0; i < docs.length; i += BATCH) bodies.push(docs.slice(i, i + BATCH).map((d) => `${action}${d}\n`).join(''));
  const start = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < bodies.length) {
      const body = bodies[next++] as string;
      const response = await fetch(`${node}/_bulk?filter_path=errors`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body });
      const result = (await response.json()) as { errors?: boolean };
      if (!response.ok || result.errors !== false) throw new Error(`raw replay: bulk request failed (${response.status})`);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  const seconds = (performance.now() - start) / 1000;
  await fetch(`${node}/${index}`, { method: 'DELETE' });
  return { seconds };
}
