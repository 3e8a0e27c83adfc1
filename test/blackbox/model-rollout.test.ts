/**
 * Model roll-outs in a running agent, through the local API and config reloads: a shadow candidate is promoted
 * over the API, the promotion survives a restart (the candidate's version is stamped on the events read after
 * it), a reload of another processor keeps the anomaly processor and its figures, and a reload that drops
 * the candidate rolls back to the current model.
 */
import { appendFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SidecarApiError, SidecarClient } from '../../agent/api/client.js';
import { generateTransactions } from '../../scripts/transactions/generator.js';
import { AgentProcess, freePort, readEvents, tempDir, waitFor, writeConfig, type OutputEvent } from '../helpers/agent-process.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/anomaly');
const TOKEN = 'rollout-token-0123456789';

const FEATURES = `    features:
      - { field: transaction.amount, type: numeric, transform: log }
      - { field: transaction.merchant.category, type: categorical }
      - { field: transaction.ip_country, type: categorical, per: transaction.card.id }
      - { field: transaction.merchant.category, type: categorical, per: transaction.card.id }
      - { field: "@timestamp", type: hour_of_day }
      - { type: rate, key: transaction.card.id, window: 10m }`;

function config(dir: string, port: number, options: { shadow: boolean; plainWarmup?: number }): string {
  return `state_dir: ${dir}/state
pipeline: { checkpoint_interval: 200ms }
inputs:
  - type: file
    include: ["${dir}/payments.log"]
    poll_interval: 100ms
processors:
  - type: parse_json
  - type: anomaly
    id: payments
    when: { has_fields: [transaction.amount] }
${FEATURES}
    model: { format: onnx, path: "${FIXTURES}/sklearn-iforest.onnx" }
    severity: {}   # fixed cut-offs: both models score from the first event, no calibration sample
${options.shadow ? `    shadow: { model: { format: onnx, path: "${FIXTURES}/flag-everything.onnx" } }\n    guard: { enabled: false }\n` : ''}  - type: anomaly
    id: plain
    when: { has_fields: [never.there] }
${FEATURES}
    warmup: ${options.plainWarmup ?? 100}
outputs:
  - type: file
    path: ${dir}/out/events.ndjson
api:
  listen: "127.0.0.1:${port}"
  token: { env: SIDECAR_ROLLOUT_TOKEN }
`;
}

interface Anomaly {
  model_version?: string;
  is_anomaly?: boolean;
  shadow?: { model_version?: string; is_anomaly?: boolean };
}

const anomalyOf = (e: OutputEvent) => e.anomaly as Anomaly | undefined;

describe('model roll-out through the API and reloads', () => {
  it('promotes a shadow candidate over the API, keeps it after a restart, and rolls it back by a reload', async () => {
    const dir = await tempDir('rollout');
    const log = path.join(dir, 'payments.log');
    const out = path.join(dir, 'out', 'events.ndjson');
    await writeFile(log, '');
    const port = await freePort();
    const file = await writeConfig(dir, config(dir, port, { shadow: true }));
    const api = `http://127.0.0.1:${port}`;
    const call = async (method: string, route: string, token = TOKEN) => {
      const response = await fetch(`${api}${route}`, { method, headers: { authorization: `Bearer ${token}` } });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const { transactions } = generateTransactions(1000, { seed: 11, start: '2026-11-02T06:00:00Z' });
    let written = 0;
    /** Appends the next `count` transactions and waits until the output has every event so far. */
    const write = async (count: number): Promise<OutputEvent[]> => {
      const lines = transactions.slice(written, written + count).map((t) => `${JSON.stringify(t)}\n`);
      written += count;
      await appendFile(log, lines.join(''));
      await waitFor(async () => (await readEvents(out)).length >= written, 20_000, `${written} events in the output`);
      return (await readEvents(out)).slice(written - count, written);
    };

    let agent = AgentProcess.start(['run', '-c', file], { SIDECAR_ROLLOUT_TOKEN: TOKEN });
    try {
      await agent.waitForLog('agent started');
      expect(agent.stderr).toMatch(/"models":\{"payments":"onnx:sklearn-iforest\.onnx@[0-9a-f]{8} \(candidate onnx:flag-everything\.onnx@[0-9a-f]{8}: shadow\)","plain":"online@[0-9a-f]{8}"\}/);
      const shadowed = await write(100);
      const current = anomalyOf(shadowed[0] as OutputEvent)?.model_version as string;
      const candidate = anomalyOf(shadowed[0] as OutputEvent)?.shadow?.model_version as string;
      expect(current).toMatch(/^onnx:sklearn-iforest\.onnx@[0-9a-f]{8}$/);
      expect(candidate).toMatch(/^onnx:flag-everything\.onnx@[0-9a-f]{8}$/);
      for (const e of shadowed) expect(anomalyOf(e)).toMatchObject({ model_version: current, shadow: { model_version: candidate, is_anomaly: true } });

      expect((await call('GET', '/v1/models', 'wrong')).status).toBe(401);
      const listed = await call('GET', '/v1/models');
      expect(listed.status).toBe(200);
      expect(listed.body.models).toEqual([
        expect.objectContaining({ processor: 'payments', type: 'anomaly', state: 'shadow', serving: current, candidate: expect.objectContaining({ version: candidate, mode: 'shadow', events: 100, flagged_rate: 1 }), comparison: expect.objectContaining({ compared: 100 }) }),
        expect.objectContaining({ processor: 'plain', state: 'none' }),
      ]);
      expect(await call('POST', '/v1/models/plain/rollback')).toMatchObject({ status: 409, body: { error: { code: 'MODEL_NO_CANDIDATE' } } });
      expect(await call('POST', '/v1/models/nope/promote')).toMatchObject({ status: 404, body: { error: { code: 'API_NOT_FOUND' } } });
      // The typed client, as an operator's script would use it.
      const client = new SidecarClient({ baseUrl: api, token: TOKEN });
      await expect(client.rollback('plain')).rejects.toSatisfy((e) => e instanceof SidecarApiError && e.code === 'MODEL_NO_CANDIDATE' && e.status === 409);
      const promoted = await client.promote('payments');
      expect(promoted).toMatchObject({ state: 'promoted', serving: candidate, decision: { state: 'promoted', by: 'api' } });
      for (const e of await write(50)) expect(anomalyOf(e)).toMatchObject({ model_version: candidate, is_anomaly: true });
      expect((await agent.stop()).code).toBe(0);

      // A restart with the same config: the promoted candidate serves from the first event on.
      agent = AgentProcess.start(['run', '-c', file], { SIDECAR_ROLLOUT_TOKEN: TOKEN });
      await agent.waitForLog('agent started');
      expect(agent.stderr).toMatch(/model versions loaded; the saved decision applies \(promoted\)/);
      for (const e of await write(50)) {
        expect(anomalyOf(e)?.model_version).toBe(candidate);
        expect(anomalyOf(e)?.shadow).toBeUndefined();
      }
      const restarted = await new SidecarClient({ baseUrl: api, token: TOKEN }).model('payments');
      expect(restarted).toMatchObject({ state: 'promoted', serving: candidate, candidate: { served: 50 } });

      // A reload that changes another processor leaves this one running, figures and all.
      await writeFile(file, config(dir, port, { shadow: true, plainWarmup: 200 }));
      agent.child.kill('SIGHUP');
      await waitFor(async () => /"processors_rebuilt":\["plain"\]/.test(agent.stderr), 15_000, 'a reload rebuilding only "plain"');
      await write(20);
      expect((await call('GET', '/v1/models/payments')).body).toMatchObject({ state: 'promoted', candidate: { served: 70 } });

      // A reload that drops the candidate: the current model serves again, nothing else runs.
      await writeFile(file, config(dir, port, { shadow: false, plainWarmup: 200 }));
      agent.child.kill('SIGHUP');
      await waitFor(async () => /"processors_rebuilt":\["payments"\]/.test(agent.stderr), 15_000, 'a reload rebuilding "payments"');
      for (const e of await write(50)) {
        expect(anomalyOf(e)?.model_version).toBe(current);
        expect(anomalyOf(e)?.shadow).toBeUndefined();
      }
      expect((await call('GET', '/v1/models/payments')).body).toMatchObject({ state: 'none', serving: current });
      expect(agent.stderr).toMatch(new RegExp(`"models_loaded":\\{"payments":"${current.replace(/[.]/g, '\\.')}"\\}`));
    } finally {
      await agent.stop();
    }
  });
});
