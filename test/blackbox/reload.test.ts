/**
 * Reloading a running agent: SIGHUP (or a watched change of the file) applies a valid config as a diff and
 * keeps an invalid one out, while the application keeps writing. Nothing is lost, nothing is duplicated
 * when the outputs are healthy, unchanged inputs keep their open files, and readiness stays up.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AgentProcess, freePort, readEvents, sleep, tempDir, waitFor, writeConfig } from '../helpers/agent-process.js';
import { LineLedger } from '../helpers/line-ledger.js';

function config(dir: string, port: number, options: { processors?: string; output?: string; watch?: boolean }): string {
  return `state_dir: ${dir}/state
telemetry: { listen: "127.0.0.1:${port}" }
reload: { watch: ${options.watch ?? false}, watch_interval: 200ms }
pipeline: { checkpoint_interval: 200ms, shutdown_timeout: 20s }
inputs:
  - type: file
    id: app
    include: ["${dir}/logs/*.log"]
    poll_interval: 100ms
processors: ${options.processors ?? '[]'}
outputs:
  - type: file
    id: out
    path: ${options.output ?? `${dir}/out/first.ndjson`}
`;
}

describe('config reload', () => {
  it('applies a valid config as a diff and keeps running on an invalid one, losing and repeating nothing', async () => {
    const dir = await tempDir('reload');
    mkdirSync(path.join(dir, 'logs'));
    const log = path.join(dir, 'logs', 'app.log');
    const ledger = new LineLedger('reload', 10);
    ledger.append(log, 50);
    const port = await freePort();
    const file = await writeConfig(dir, config(dir, port, {}));
    const agent = AgentProcess.start(['run', '-c', file]);
    await agent.waitForLog('following file');
    const first = path.join(dir, 'out', 'first.ndjson');
    const second = path.join(dir, 'out', 'second.ndjson');
    const ready = async () => (await fetch(`http://127.0.0.1:${port}/ready`)).status;
    let readiness: number[] = [];
    let writing = true;
    // The application writes all along; readiness is sampled all along.
    const writer = (async () => {
      while (writing) {
        ledger.append(log, 20);
        readiness.push(await ready());
        await sleep(20);
      }
    })();
    const seen = (out: string, seq: number) => ledger.seenIn(readFileSync(out, { encoding: 'utf8', flag: 'a+' }), seq);

    // 1. An invalid config: logged with its line and column, the running pipeline goes on.
    writeFileSync(file, `${config(dir, port, {})}\nprocessors: [ { type: parse_json, field: 12 } ]\n`);
    agent.child.kill('SIGHUP');
    await agent.waitForLog('reload: the new config is invalid');
    expect(agent.stderr).toMatch(/line \d+, col \d+/);
    const afterInvalid = ledger.written;
    await waitFor(async () => seen(first, afterInvalid), 15_000, 'lines written after the invalid reload');

    // 2. A valid config that adds a processor and moves the output: the input keeps its open file. Its `when:`
    // pattern, which matches every line but could backtrack for long on others, is warned about as at start.
    writeFileSync(file, config(dir, port, { processors: `[ { type: parse_json, id: json, when: { regexp: { message: '(?=.)("?\\w+"?:?)+' } } } ]`, output: second }));
    agent.child.kill('SIGHUP');
    await agent.waitForLog('reload applied');
    expect(agent.stderr).toContain('config: processors[0].when.regexp.message: this pattern nests one repetition in another');
    const afterValid = ledger.written;
    await waitFor(async () => seen(second, afterValid), 15_000, 'lines written after the valid reload, in the new output');

    // 3. The same again: nothing to do.
    agent.child.kill('SIGHUP');
    await agent.waitForLog('reload: config unchanged');
    writing = false;
    await writer;
    await waitFor(async () => ledger.check([...(await readEvents(first)), ...(await readEvents(second))]).missing.length === 0, 15_000, 'every line');
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const finished = await agent.stop();

    const result = ledger.check([...(await readEvents(first)), ...(await readEvents(second))]);
    expect(result.missing.slice(0, 10), finished.stderr.slice(-3000)).toEqual([]);
    expect(result.duplicates).toBe(0);
    expect(finished.code).toBe(0);
    // The input was not restarted: the file was opened once.
    expect(finished.stderr.match(/"msg":"following file"/g)).toHaveLength(1);
    // Events after the reload went through the new processor (parsed JSON fields at the top level).
    const parsed = (await readEvents(second)).filter((e) => typeof e.seq === 'number');
    expect(parsed.length).toBeGreaterThan(0);
    // Lines written after the reload was applied all went to the new output.
    const inFirst = (await readEvents(first)).map((e) => (JSON.parse(e.message) as { seq: number }).seq);
    expect(Math.max(...inFirst)).toBeLessThan(afterValid);
    expect(metrics).toContain('sidecar_config_reloads_total{result="invalid"} 1');
    expect(metrics).toContain('sidecar_config_reloads_total{result="applied"} 1');
    expect(metrics).toContain('sidecar_config_reloads_total{result="unchanged"} 1');
    expect(new Set(readiness)).toEqual(new Set([200]));
    readiness = [];
  });

  it('reloads when a watched config file changes, without a signal', async () => {
    const dir = await tempDir('reload-watch');
    mkdirSync(path.join(dir, 'logs'));
    const log = path.join(dir, 'logs', 'app.log');
    writeFileSync(log, '{"n":1}\n');
    const port = await freePort();
    const file = await writeConfig(dir, config(dir, port, { watch: true }));
    const agent = AgentProcess.start(['run', '-c', file]);
    const first = path.join(dir, 'out', 'first.ndjson');
    await waitFor(async () => (await readEvents(first)).length === 1, 15_000, 'first event');
    writeFileSync(file, config(dir, port, { watch: true, processors: '[ { type: parse_json } ]' }));
    await agent.waitForLog('reload applied');
    writeFileSync(log, '{"n":2}\n', { flag: 'a' });
    await waitFor(async () => (await readEvents(first)).length === 2, 15_000, 'second event');
    const finished = await agent.stop();
    expect(finished.code).toBe(0);
    const events = await readEvents(first);
    expect(events[0]?.n).toBeUndefined();
    expect(events[1]?.n).toBe(2);
  });
});
