/**
 * The telemetry endpoints of a running agent: /health, /ready and Prometheus /metrics with the pipeline's
 * event counters and process metrics; /ready turns 503 on shutdown.
 */
import { writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AgentProcess, freePort, readEvents, tempDir, waitFor, writeConfig } from '../helpers/agent-process.js';
import { FakeSearchEngine } from '../helpers/fake-search-engine.js';

describe('telemetry endpoints', () => {
  it('serve health, readiness and Prometheus metrics while the agent runs', async () => {
    const dir = await tempDir('telemetry');
    await writeFile(path.join(dir, 'app.log'), 'one\ntwo\nthree\n');
    const port = await freePort();
    const file = await writeConfig(
      dir,
      `state_dir: ./state
telemetry: { listen: "127.0.0.1:${port}" }
inputs:
  - type: file
    include: ["./app.log"]
outputs:
  - type: file
    path: ./out/events.ndjson
`,
    );
    const agent = AgentProcess.start(['run', '-c', file]);
    await agent.waitForLog('telemetry endpoints listening');
    await waitFor(async () => (await readEvents(path.join(dir, 'out', 'events.ndjson'))).length === 3, 15_000, 'three events out');
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/health`)).status).toBe(200);
    expect((await fetch(`${base}/ready`)).status).toBe(200);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('sidecar_events_in_total{component="inputs[0]"} 3');
    expect(metrics).toContain('sidecar_events_out_total{component="outputs[0]"} 3');
    expect(metrics).toMatch(/sidecar_process_resident_memory_bytes \d+/);
    expect((await fetch(`${base}/nothing`)).status).toBe(404);
    const finished = await agent.stop();
    expect(finished.code).toBe(0);
    await expect(fetch(`${base}/health`)).rejects.toThrow();
  });

  it('names telemetry.listen when its port is taken, and exits', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as AddressInfo).port;
    try {
      const dir = await tempDir('telemetry-busy');
      await writeFile(path.join(dir, 'app.log'), 'one\n');
      const file = await writeConfig(dir, `state_dir: ./state\ntelemetry: { listen: "127.0.0.1:${port}" }\ninputs:\n  - type: file\n    include: ["./app.log"]\noutputs:\n  - type: stdout\n`);
      const result = await AgentProcess.start(['run', '--once', '-c', file]).wait();
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`telemetry.listen 127.0.0.1:${port}: listen EADDRINUSE`);
    } finally {
      await new Promise<void>((resolve) => busy.close(() => resolve()));
    }
  });

  it('refuses an address that is not host:port', async () => {
    const dir = await tempDir('telemetry-bad');
    const file = await writeConfig(dir, 'telemetry: { listen: "9598" }\ninputs:\n  - type: file\n    include: ["./a.log"]\noutputs:\n  - type: stdout\n');
    const result = await AgentProcess.start(['validate', '-c', file]).wait();
    expect(result.code).toBe(78);
    expect(result.stderr).toContain('telemetry.listen: expected host:port, e.g. 0.0.0.0:9598');
  });

  it('report a stuck pipeline: the oldest unacknowledged batch ages, /ready turns 503 past the bound, and recovers', async () => {
    let down = true;
    const engine = new FakeSearchEngine((call) => (down ? 503 : call.docs.map(() => 201)));
    const url = await engine.start();
    try {
      const dir = await tempDir('telemetry-stuck');
      await writeFile(path.join(dir, 'app.log'), 'one\ntwo\n');
      const port = await freePort();
      const file = await writeConfig(
        dir,
        `state_dir: ./state
telemetry: { listen: "127.0.0.1:${port}", readiness_max_batch_age: 1s }
inputs:
  - type: file
    include: ["./app.log"]
outputs:
  - type: elasticsearch
    nodes: ["${url}"]
    template: { install: false }
    retry: { initial_backoff: 50ms, max_backoff: 200ms }
`,
      );
      const agent = AgentProcess.start(['run', '-c', file]);
      await agent.waitForLog('agent started');
      const base = `http://127.0.0.1:${port}`;
      expect((await fetch(`${base}/ready`)).status).toBe(200);
      await waitFor(async () => (await fetch(`${base}/ready`)).status === 503, 15_000, '/ready to report the stuck pipeline');
      expect(await (await fetch(`${base}/ready`)).text()).toMatch(/^not ready: oldest unacknowledged batch is \d+ s old \(limit 1 s\)/);
      const stuck = await (await fetch(`${base}/metrics`)).text();
      const age = Number(/^sidecar_oldest_unacknowledged_batch_age_seconds (\S+)$/m.exec(stuck)?.[1]);
      expect(age).toBeGreaterThan(1);
      down = false;
      await waitFor(async () => (await fetch(`${base}/ready`)).status === 200, 15_000, '/ready to recover');
      const recovered = await (await fetch(`${base}/metrics`)).text();
      expect(recovered).toContain('sidecar_oldest_unacknowledged_batch_age_seconds 0');
      expect(recovered).toContain('sidecar_events_out_total{component="outputs[0]"} 2');
      expect((await agent.stop()).code).toBe(0);
    } finally {
      await engine.stop();
    }
  });
});
