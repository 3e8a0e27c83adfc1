import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { formatBytes, progressReporter } from './progress.js';

function sink(isTTY: boolean) {
  let text = '';
  const stream = Object.assign(new Writable({ write: (chunk: Buffer, _enc, done) => void ((text += chunk.toString()), done()) }), { isTTY });
  return { stream, text: () => text };
}

describe('progressReporter', () => {
  it('writes a plain line per step off a terminal, and a download once with its size', () => {
    const out = sink(false);
    const progress = progressReporter(out.stream);
    progress.report({ kind: 'step', model: 'm', message: 'fetching' });
    for (const received of [10, 2048, 4096]) progress.report({ kind: 'bytes', model: 'm', file: 'onnx/model.onnx', received, total: 4096 });
    progress.finish('m', 'done');
    expect(out.text()).toBe('m: fetching\nm: downloading onnx/model.onnx (4.0 KiB)\nm: done\n');
  });

  it('rewrites one line in place on a terminal, at most every 100 ms until the download completes', () => {
    const out = sink(true);
    let now = 0;
    const progress = progressReporter(out.stream, () => now);
    progress.report({ kind: 'step', model: 'm', message: 'fetching' });
    now = 200;
    progress.report({ kind: 'bytes', model: 'm', file: 'f', received: 1024, total: 4096 });
    now = 250;
    progress.report({ kind: 'bytes', model: 'm', file: 'f', received: 2048, total: 4096 });
    progress.report({ kind: 'bytes', model: 'm', file: 'f', received: 4096, total: 4096 });
    progress.finish('m', 'done');
    const clear = '\r\u001b[2K';
    expect(out.text()).toBe(`${clear}m: fetching${clear}m: f 1.0 KiB / 4.0 KiB (25 %)${clear}m: f 4.0 KiB / 4.0 KiB (100 %)${clear}m: done\n`);
  });

  it('formats sizes in binary units', () => {
    expect([formatBytes(512), formatBytes(1536), formatBytes(23_700_000)]).toEqual(['512 B', '1.5 KiB', '22.6 MiB']);
  });
});
