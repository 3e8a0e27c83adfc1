/**
 * A spawned agent with the local API on a free port and no models: tickets run through `redact`, transactions
 * through an online `anomaly` processor (still learning), and a `clean` pipeline of parse_json and redact.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AgentProcess, freePort, tempDir, writeConfig } from './agent-process.js';

export interface ApiAgent {
  readonly agent: AgentProcess;
  readonly url: string;
  readonly token: string;
  readonly dir: string;
}

/** `api` adds or replaces members of the `api:` section; a member set to undefined is left out. */
export async function startApiAgent(prefix: string, api: Record<string, string | undefined> = {}): Promise<ApiAgent> {
  const dir = await tempDir(prefix);
  await writeFile(path.join(dir, 'app.log'), '');
  const port = await freePort();
  const token = `t-${Math.random().toString(36).slice(2)}`;
  const members: Record<string, string | undefined> = {
    listen: `"127.0.0.1:${port}"`,
    token: '{ env: SIDECAR_API_TOKEN }',
    pipelines: '{ clean: [parse, redact] }',
    tickets: '[redact]',
    transactions: '[payments]',
    ...api,
  };
  const section = Object.entries(members)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([key, value]) => `  ${key}: ${value}\n`)
    .join('');
  const file = await writeConfig(
    dir,
    `state_dir: ./state
inputs:
  - type: file
    include: ["./app.log"]
processors:
  - type: parse_json
    id: parse
  - type: redact
    id: redact
  - type: anomaly
    id: payments
    when: { has_fields: [transaction.amount] }
    features:
      - { field: transaction.amount, type: numeric, transform: log }
      - { field: transaction.merchant.category, type: categorical }
    warmup: 500
outputs:
  - type: file
    path: ./out/events.ndjson
api:
${section}`,
  );
  const agent = AgentProcess.start(['run', '-c', file], { SIDECAR_API_TOKEN: token });
  // The API answers 503 until the models are loaded: wait for the agent to have started.
  await agent.waitForLog('agent started');
  return { agent, url: `http://127.0.0.1:${port}`, token, dir };
}

export interface ConfiguredAgent {
  readonly dir: string;
  readonly agent: AgentProcess;
  /** The telemetry endpoint's /metrics. */
  readonly metrics: string;
}

/**
 * A spawned agent reading an empty app.log through `processors` (a YAML `processors:` block) into a file,
 * with telemetry on a free port and the `api:` section's members given as YAML lines (`listen` included).
 */
export async function startAgentWithApi(prefix: string, processors: string, api: string, env: NodeJS.ProcessEnv = {}): Promise<ConfiguredAgent> {
  const dir = await tempDir(prefix);
  await writeFile(path.join(dir, 'app.log'), '');
  const telemetry = await freePort();
  const file = await writeConfig(
    dir,
    `state_dir: ./state
telemetry: { listen: "127.0.0.1:${telemetry}" }
inputs:
  - type: file
    include: ["./app.log"]
${processors}outputs:
  - type: file
    path: ./out/events.ndjson
api:
${api}`,
  );
  const agent = AgentProcess.start(['run', '-c', file], env);
  // The API answers 503 until the models are loaded: wait for the agent to have started.
  await agent.waitForLog('agent started', 60_000);
  return { dir, agent, metrics: `http://127.0.0.1:${telemetry}/metrics` };
}
