import { describe, expect, it } from 'vitest';

import { rewriteJvmOptions } from './search-server.js';

describe('rewriteJvmOptions', () => {
  const dirs = { home: '/opt/os', logs: '/cache/os/logs', data: '/cache/os/data' };

  it('makes the distribution-relative paths absolute', () => {
    const input = [
      '## comment mentioning logs/gc.log',
      '-XX:HeapDumpPath=data',
      '-XX:ErrorFile=logs/hs_err_pid%p.log',
      '9-:-Xlog:gc*,gc+age=trace,safepoint:file=logs/gc.log:utctime,pid,tags:filecount=32,filesize=64m',
      '21-:-javaagent:agent/opensearch-agent.jar',
      '-Xms1g',
    ].join('\n');
    expect(rewriteJvmOptions(input, dirs).split('\n')).toEqual([
      '## comment mentioning logs/gc.log',
      '-XX:HeapDumpPath=/cache/os/data',
      '-XX:ErrorFile=/cache/os/logs/hs_err_pid%p.log',
      '9-:-Xlog:gc*,gc+age=trace,safepoint:file=/cache/os/logs/gc.log:utctime,pid,tags:filecount=32,filesize=64m',
      '21-:-javaagent:/opt/os/agent/opensearch-agent.jar',
      '-Xms1g',
    ]);
  });

  it('leaves paths that are not relative alone', () => {
    expect(rewriteJvmOptions('-Xlog:gc*:file=gc.log\n-XX:HeapDumpPath=/var/dumps', dirs)).toBe('-Xlog:gc*:file=gc.log\n-XX:HeapDumpPath=/var/dumps');
  });
});
