import { describe, expect, it } from 'vitest';
import { builtinRegistry } from '../builtins.js';
import { parseConfigText } from '../../config/loader.js';
import { planReload } from './reload-plan.js';

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
});
