/**
 * parse_access_log → http_threat through the built CLI: run --once over the example nginx access log; the
 * attacks in it (SQL injection from sqlmap, a Nikto traversal) become alerts, the ordinary requests and the
 * lines that do not parse pass without threat fields.
 */
import { cp, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEvents, runCli, tempDir, writeConfig } from '../helpers/agent-process.js';

const LOG = path.resolve(import.meta.dirname, '../../config/examples/logs/nginx-access.log');

describe('http_threat through the pipeline', () => {
  it('run --once marks the attacks in an nginx access log as alerts and leaves the rest untouched', async () => {
    const dir = await tempDir('http-threat');
    await mkdir(path.join(dir, 'logs'));
    await cp(LOG, path.join(dir, 'logs', 'access.log'));
    const config = await writeConfig(
      dir,
      [
        'state_dir: ./state',
        'inputs:',
        '  - type: file',
        '    id: access',
        '    include: ["logs/access.log"]',
        'processors:',
        '  - type: parse_access_log',
        '  - type: http_threat',
        'outputs:',
        '  - type: file',
        '    path: ./out/alerts.ndjson',
      ].join('\n'),
    );
    const result = await runCli(['run', '--once', '-c', config]);
    expect(result.code, result.stderr).toBe(0);

    const events = await readEvents(path.join(dir, 'out', 'alerts.ndjson'));
    expect(events).toHaveLength(7);
    const [browser, ipv6, sqlmap, traversal, tls, empty, junk] = events;
    expect(sqlmap).toMatchObject({
      event: { kind: 'alert', category: ['intrusion_detection', 'web'] },
      rule: { name: 'sqli-union-select', category: 'sqli' },
      threat: { severity: 'critical', reasons: expect.arrayContaining([{ detector: 'scanner-ua', class: 'scanner', fragment: 'sqlmap', field: 'user_agent' }]) },
    });
    expect(traversal).toMatchObject({
      event: { kind: 'alert' },
      threat: { reasons: expect.arrayContaining([expect.objectContaining({ detector: 'lfi-traversal' }), expect.objectContaining({ detector: 'lfi-system-file', fragment: '/etc/passwd' }), expect.objectContaining({ class: 'scanner', fragment: 'nikto' })]) },
    });
    for (const quiet of [browser, ipv6, tls, empty, junk]) {
      expect(quiet).not.toHaveProperty('threat');
      expect(quiet).not.toHaveProperty('rule');
    }
    expect(browser).toMatchObject({ event: { category: ['web'], type: ['access'] } });
  });
});
