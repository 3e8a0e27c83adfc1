import { describe, expect, it } from 'vitest';
import { builtinRegistry } from '../agent/builtins.js';
import { ConfigError, formatProblem } from './errors.js';
import { parseConfigText } from './loader.js';

const registry = builtinRegistry();

function problems(yaml: string, env: NodeJS.ProcessEnv = {}): string[] {
  try {
    parseConfigText(yaml, 'test.yaml', registry, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map(formatProblem);
    throw error;
  }
  return [];
}

const minimal = `inputs:
  - type: file
    include: ["/var/log/app/*.log"]
outputs:
  - type: stdout
`;

describe('config loader', () => {
  it('accepts a minimal config and fills defaults from the schemas', () => {
    const config = parseConfigText(minimal, 'test.yaml', registry, {});
    expect(config.state_dir).toBe('./.sidecar-state');
    expect(config.pipeline.checkpoint_interval).toBe(1000);
    expect(config.inputs[0]).toMatchObject({ type: 'file', start_at: 'beginning', max_line_bytes: 1_048_576 });
    expect(config.processors).toEqual([]);
  });

  it('names path, expectation, value, line and column of a wrong type', () => {
    const yaml = `inputs:
  - type: file
    include: ["/x/*.log"]
    max_line_bytes: high
outputs:
  - type: stdout
    pretty: "yes"
`;
    expect(problems(yaml)).toEqual([
      'inputs[0].max_line_bytes: expected a size such as 65536, 64KiB or 1MiB, got "high" (line 4, col 21)',
      'outputs[0].pretty: expected boolean, got "yes" (line 7, col 13)',
    ]);
  });

  it('reports unknown fields, unknown types and missing required fields with their place', () => {
    const yaml = `inputs:
  - type: file
    include: ["/x/*.log"]
    includ: ["/y"]
processors:
  - type: parse_jsonn
outputs:
  - type: file
`;
    expect(problems(yaml)).toEqual([
      'inputs[0].includ: unknown field (line 4, col 5)',
      `processors[0].type: unknown processor type "parse_jsonn"; expected one of ${[...registry.processors.keys()].join(', ')} (line 6, col 11)`,
      'outputs[0].path: required field is missing (expected string) (line 8, col 5)',
    ]);
  });

  it('reports YAML syntax errors with their line', () => {
    const [problem] = problems('inputs: [\n  - type: file\n');
    expect(problem).toMatch(/YAML syntax error.*\(line \d+, col \d+\)/);
  });

  it('interpolates environment variables, typed when a plain scalar is one reference', () => {
    const yaml = `state_dir: \${STATE:-/tmp/state}
pipeline:
  max_in_flight_batches: \${INFLIGHT}
inputs:
  - type: file
    include: ["\${LOG_DIR}/*.log"]
outputs:
  - type: file
    path: "$\${literal}"
`;
    const config = parseConfigText(yaml, 't.yaml', registry, { INFLIGHT: '4', LOG_DIR: '/var/log/app' });
    expect(config.state_dir).toBe('/tmp/state');
    expect(config.pipeline.max_in_flight_batches).toBe(4);
    expect(config.inputs[0]).toMatchObject({ include: ['/var/log/app/*.log'] });
    expect(config.outputs[0]).toMatchObject({ path: '${literal}' });
  });

  it('never echoes an environment value in an error, and names a missing variable', () => {
    const yaml = `inputs:
  - type: file
    include: ["/x/*.log"]
    start_at: \${SECRET_VALUE}
outputs:
  - type: file
    path: \${NOT_SET}
`;
    const found = problems(yaml, { SECRET_VALUE: 'hunter2' });
    expect(found).toEqual([
      'inputs[0].start_at: expected one of "beginning", "end", got a value from ${SECRET_VALUE} (line 4, col 15)',
      'outputs[0].path: environment variable NOT_SET is not set (line 7, col 11)',
    ]);
    expect(found.join('\n')).not.toContain('hunter2');
  });

  it('validates when: conditions, including their regular expressions', () => {
    const yaml = `${minimal}processors:
  - type: parse_json
    when: { regexp: { message: "(" } }
`;
    expect(problems(yaml)).toEqual(['processors[0].when.regexp.message: invalid regular expression, got "(" (line 8, col 32)']);
  });
});
