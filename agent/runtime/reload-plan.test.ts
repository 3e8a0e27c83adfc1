import { describe, expect, it } from 'vitest';
import { builtinRegistry } from '../builtins.js';
import { parseConfigText } from '../../config/loader.js';
import { planReload, rebuildProcessors } from './reload-plan.js';

const parse = (yaml: string) => parseConfigText(yaml, 't.yaml', builtinRegistry(), {}, { checkMachine: false });

const base = `
inputs:
  - { type: file, id: app, include: [/var/log/app/*.log] }
  - { type: file, id: audit, include: [/var/log/audit/*.log] }
processors:
  - { type: parse_json, id: json }
  - { type: redact, id: redact }
outputs:
  - { type: file, id: out, path: /tmp/out.ndjson }
`;

describe('planReload', () => {
  it('finds nothing to do for the same config, whatever the key order', () => {
    const reordered = base.replace('{ type: file, id: app, include: [/var/log/app/*.log] }', '{ include: [/var/log/app/*.log], id: app, type: file }');
    expect(planReload(parse(base), parse(reordered)).unchanged).toBe(true);
  });

  it('rebuilds only the changed processor and keeps inputs and outputs running', () => {
    const plan = planReload(parse(base), parse(base.replace('{ type: redact, id: redact }', '{ type: redact, id: redact, detectors: [email] }')));
    expect(plan.unchanged).toBe(false);
    expect(plan.pipelineChanged).toBe(true);
    expect(plan.processors.map((p) => [p.id, p.keep])).toEqual([
      ['json', true],
      ['redact', false],
    ]);
    expect(plan.outputs.every((o) => o.keep)).toBe(true);
    expect(plan.stopInputs).toEqual([]);
    expect(plan.inputs.every((i) => i.keep)).toBe(true);
  });

  it('rebuilds a model processor whose model, canary, shadow or guard changed, and keeps one whose roll-out is the same', () => {
    const anomaly = (rollout: string) =>
      base.replace('outputs:', `  - { type: anomaly, id: payments, features: [{ type: numeric, field: amount }], model: { format: onnx, path: a.onnx }${rollout} }\noutputs:`);
    const canary = anomaly(', canary: { model: { format: onnx, path: b.onnx }, share: 0.1, key: card }');
    const payments = (next: string) => planReload(parse(canary), parse(next)).processors.map((p) => [p.id, p.keep]);
    expect(payments(canary)).toEqual([['json', true], ['redact', true], ['payments', true]]);
    expect(payments(canary.replace('share: 0.1', 'share: 0.2'))).toEqual([['json', true], ['redact', true], ['payments', false]]);
    expect(payments(anomaly(', shadow: { model: { format: onnx, path: b.onnx } }'))).toContainEqual(['payments', false]);
    expect(payments(anomaly(''))).toContainEqual(['payments', false]);
    expect(payments(canary.replace('a.onnx', 'c.onnx'))).toContainEqual(['payments', false]);
    expect(payments(canary.replace('key: card }', 'key: card }, guard: { min_events: 50 }'))).toContainEqual(['payments', false]);
  });

  it('stops a changed input and a removed one, keeps the other, without touching the pipeline', () => {
    const next = base.replace('{ type: file, id: app, include: [/var/log/app/*.log] }', '{ type: file, id: app, include: [/var/log/app/*.txt] }').replace('  - { type: file, id: audit, include: [/var/log/audit/*.log] }\n', '');
    const plan = planReload(parse(base), parse(next));
    expect(plan.stopInputs.sort()).toEqual(['app', 'audit']);
    expect(plan.inputs.map((i) => [i.id, i.keep])).toEqual([['app', false]]);
    expect(plan.pipelineChanged).toBe(false);
  });

  it('restarts every input when the stamped service name changes', () => {
    const plan = planReload(parse(base), parse(`service: { name: shop }\n${base}`));
    expect(plan.inputs.every((i) => !i.keep)).toBe(true);
    expect(plan.stopInputs.sort()).toEqual(['app', 'audit']);
  });

  it('refuses settings that take effect only at start', () => {
    const plan = planReload(parse(base), parse(`state_dir: /elsewhere\ntelemetry: { listen: "127.0.0.1:9598" }\n${base}`));
    expect(plan.needsRestart).toEqual(['state_dir', 'telemetry']);
  });

  it('rebuilds a processor whose files changed though its config did not, and nothing else', () => {
    const plan = rebuildProcessors(planReload(parse(base), parse(base)), new Set(['redact']));
    expect(plan.unchanged).toBe(false);
    expect(plan.pipelineChanged).toBe(true);
    expect(plan.processors.map((p) => [p.id, p.keep])).toEqual([
      ['json', true],
      ['redact', false],
    ]);
    expect(plan.inputs.every((i) => i.keep)).toBe(true);
    expect(rebuildProcessors(planReload(parse(base), parse(base)), new Set()).unchanged).toBe(true);
  });
});
