import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { apiSchema } from '../../config/api-schema.js';
import type { ModelControl, ModelStatus } from '../component.js';
import { SidecarError } from '../errors.js';
import { ProcessorStage } from '../runtime/processor-stage.js';
import { ApiServer } from './server.js';

const servers: ApiServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

async function start(stages: ProcessorStage[] = []): Promise<{ server: ApiServer; url: string }> {
  const config = apiSchema.parse({ listen: '127.0.0.1:0' });
  const server = new ApiServer(config, {
    config,
    configDir: '/',
    logger: pino({ level: 'silent' }),
    metrics: new Registry(),
    version: '0.0.0',
    processors: () => stages,
    deliver: () => Promise.reject(new Error('no pipeline in this test')),
  });
  servers.push(server);
  return { server, url: `http://${await server.listen()}` };
}

const post = (url: string) => fetch(`${url}/v1/pipelines/clean/process`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ event: { message: 'x' } }) });

describe('ApiServer', () => {
  it('answers 503 with Retry-After while the models load, then serves once opened', async () => {
    const { server, url } = await start();
    const loading = await post(url);
    expect(loading.status).toBe(503);
    expect(loading.headers.get('retry-after')).toBe('1');
    expect(await loading.json()).toEqual({ error: { code: 'API_UNAVAILABLE', message: 'the agent is starting: models are loading' } });
    // The OpenAPI document does not need the models.
    expect((await fetch(`${url}/openapi.json`)).status).toBe(200);
    server.open();
    const served = await post(url);
    expect(served.status).toBe(404); // served: this test configures no pipeline named "clean"
    expect(((await served.json()) as { error: { code: string } }).error.code).toBe('API_NOT_FOUND');
  });

  it('answers 503 once stopping begins', async () => {
    const { server, url } = await start();
    server.open();
    server.beginStopping();
    const stopping = await post(url);
    expect(stopping.status).toBe(503);
    expect(((await stopping.json()) as { error: { message: string } }).error.message).toBe('the agent is stopping');
  });
});

/** A processor stage whose models are a fake roll-out: promote works, roll-back fails to save its decision. */
function stageWithModels(id: string, candidate: boolean): ProcessorStage {
  const figures = (role: 'current' | 'candidate') => ({ version: `${role}@00000000`, role, events: 0, served: 0, errors: 0, error_rate: null, flagged_rate: null, mean_score: null, mean_call_ms: null });
  let state: ModelStatus['state'] = candidate ? 'canary' : 'none';
  const status = (): ModelStatus => ({
    processor: id,
    type: 'anomaly',
    state,
    serving: state === 'promoted' ? 'candidate@00000000' : 'current@00000000',
    current: figures('current'),
    ...(candidate ? { candidate: { ...figures('candidate'), mode: 'canary' as const, share: 0.1, key: 'card' } } : {}),
  });
  const models: ModelControl = {
    status,
    promote: async () => {
      if (!candidate) throw new SidecarError('MODEL_NO_CANDIDATE', `processor "${id}" has no canary or shadow model to promote`);
      state = 'promoted';
      return status();
    },
    rollback: async () => {
      throw new SidecarError('CHECKPOINT_WRITE', 'cannot write state/models/x.json: disk full');
    },
  };
  return new ProcessorStage(id, `processors[0] (anomaly)`, { process: (events) => events, models }, undefined, pino({ level: 'silent' }));
}

describe('ApiServer model routes', () => {
  it('lists the processors with models, promotes, and answers 404, 409 and the code of a failed save', async () => {
    const plain = new ProcessorStage('json', 'processors[0] (parse_json)', { process: (events) => events }, undefined, pino({ level: 'silent' }));
    const { server, url } = await start([plain, stageWithModels('payments', true), stageWithModels('other', false)]);
    server.open();
    const call = async (method: string, route: string) => {
      const response = await fetch(`${url}${route}`, { method });
      return { status: response.status, body: (await response.json()) as { models?: ModelStatus[]; state?: string; error?: { code: string; message: string } } };
    };
    const listed = await call('GET', '/v1/models');
    expect(listed.body.models?.map((m) => [m.processor, m.state])).toEqual([['payments', 'canary'], ['other', 'none']]);
    expect(await call('POST', '/v1/models/payments/promote')).toMatchObject({ status: 200, body: { state: 'promoted', serving: 'candidate@00000000' } });
    expect(await call('GET', '/v1/models/payments')).toMatchObject({ status: 200, body: { state: 'promoted' } });
    expect(await call('POST', '/v1/models/other/promote')).toMatchObject({ status: 409, body: { error: { code: 'MODEL_NO_CANDIDATE' } } });
    const unknown = await call('POST', '/v1/models/json/rollback');
    expect(unknown).toMatchObject({ status: 404, body: { error: { code: 'API_NOT_FOUND' } } });
    expect(unknown.body.error?.message).toMatch(/processors with models: payments, other/);
    expect(await call('POST', '/v1/models/payments/rollback')).toMatchObject({ status: 500, body: { error: { code: 'CHECKPOINT_WRITE' } } });
  });
});
