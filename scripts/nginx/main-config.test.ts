import { describe, expect, it } from 'vitest';
import { mainConfig } from './main-config.js';

describe('nginx.conf for one run', () => {
  it('keeps every path nginx writes inside the run folder and includes the sites', () => {
    const text = mainConfig({ dir: '/tmp/run', includes: ['/tmp/run/site-0.conf'] });
    expect(text).toContain('pid "/tmp/run/nginx.pid";');
    expect(text).toContain('error_log "/tmp/run/logs/error.log" warn;');
    for (const temp of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) expect(text).toMatch(new RegExp(`${temp}_temp_path "/tmp/run/tmp/`));
    expect(text).toContain('access_log "/tmp/run/logs/access.log";');
    expect(text).toContain('include "/tmp/run/site-0.conf";');
    expect(text).not.toMatch(/^user /m);
  });

  it('names the workers\' account only when the master starts as root', () => {
    expect(mainConfig({ dir: '/tmp/run', includes: [], workerUser: { name: 'nobody', group: 'nogroup' }, workerProcesses: 2 })).toMatch(/^user nobody nogroup;$[\s\S]*^worker_processes 2;$/m);
  });
});
