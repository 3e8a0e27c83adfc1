/**
 * The Coraza peer (bench/peers/coraza): built with the repository's Go environment into .cache/peers/coraza/
 * on first use, and rebuilt only when its main.go, go.mod or go.sum change.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

import { repositoryRoot, runGo } from '../../scripts/threat-corpus/go.js';

const SOURCES = ['main.go', 'go.mod', 'go.sum'];

export const PeerVerdict = z.object({ id: z.string(), blocked: z.boolean(), anomaly_score: z.number(), rule_ids: z.array(z.number().int()) });
export type PeerVerdict = z.infer<typeof PeerVerdict>;
export const PeerThroughput = z.object({ requests: z.number(), paranoia: z.number(), single_goroutine_rps: z.number(), all_cores_rps: z.number(), cores: z.number() });
export type PeerThroughput = z.infer<typeof PeerThroughput>;

/** The peer binary, built first if missing or stale. */
export async function ensureCorazaPeer(root = repositoryRoot(), log: (line: string) => void = () => {}): Promise<string> {
  const source = path.join(root, 'bench', 'peers', 'coraza');
  const out = path.join(root, '.cache', 'peers', 'coraza');
  const binary = path.join(out, 'coraza-peer');
  const marker = path.join(out, '.sources-sha256');
  const hash = createHash('sha256');
  for (const file of SOURCES) hash.update(await readFile(path.join(source, file)));
  const digest = hash.digest('hex');
  if (existsSync(binary) && existsSync(marker) && (await readFile(marker, 'utf8')) === digest) return binary;
  log('building the Coraza peer (go build, modules into .cache/go)...');
  await mkdir(out, { recursive: true });
  await runGo(['build', '-trimpath', '-o', binary, '.'], { cwd: source, root });
  await writeFile(marker, digest);
  return binary;
}

/** Runs the peer with `input` (JSON lines) on stdin; its standard output. */
function runPeer(binary: string, args: string[], input: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
      else reject(new Error(`${binary} ${args.join(' ')} exited with ${code}: ${Buffer.concat(err).toString('utf8').trim()}`));
    });
    child.stdin.end(input);
  });
}

export interface PeerRequest {
  id: string;
  method: string;
  uri: string;
  user_agent?: string;
  referer?: string;
  host?: string;
}

const toLines = (requests: readonly PeerRequest[]) =>
  requests.map((r) => `${JSON.stringify({ id: r.id, method: r.method, uri: r.uri, user_agent: r.user_agent, referer: r.referer, host: r.host })}\n`).join('');

/** Verdict files kept; one per set of requests (corpus part, text sets, scanner requests) and peer build. */
const CACHED_VERDICT_FILES = 12;

/**
 * The peer's verdicts depend only on its binary, its arguments and the requests, and the text sets alone take
 * it minutes: they are kept under .cache/peers/coraza/verdicts/, by a hash of all three, the newest few only.
 */
async function cachedPeerRun(binary: string, args: string[], input: string): Promise<string> {
  const dir = path.join(path.dirname(binary), 'verdicts');
  const key = createHash('sha256').update(await readFile(binary)).update(args.join(' ')).update('\0').update(input).digest('hex');
  const file = path.join(dir, `${key}.jsonl`);
  if (existsSync(file)) {
    const now = new Date();
    await utimes(file, now, now);
    return readFile(file, 'utf8');
  }
  const stdout = await runPeer(binary, args, input);
  await mkdir(dir, { recursive: true });
  await writeFile(file, stdout);
  const kept = await Promise.all((await readdir(dir)).map(async (name) => ({ name, mtime: (await stat(path.join(dir, name))).mtimeMs })));
  for (const { name } of kept.sort((a, b) => b.mtime - a.mtime).slice(CACHED_VERDICT_FILES)) await rm(path.join(dir, name), { force: true });
  return stdout;
}

export async function scoreWithPeer(binary: string, requests: readonly PeerRequest[], paranoia = 1): Promise<Map<string, PeerVerdict>> {
  const stdout = await cachedPeerRun(binary, ['-paranoia', String(paranoia)], toLines(requests));
  const verdicts = stdout.split('\n').filter((line) => line !== '').map((line) => PeerVerdict.parse(JSON.parse(line)));
  return new Map(verdicts.map((v) => [v.id, v]));
}

export async function peerThroughput(binary: string, requests: readonly PeerRequest[], seconds: number, paranoia = 1): Promise<PeerThroughput> {
  const stdout = await runPeer(binary, ['-paranoia', String(paranoia), '-bench', `${seconds}s`], toLines(requests));
  return PeerThroughput.parse(JSON.parse(stdout));
}
