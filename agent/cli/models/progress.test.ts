import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { formatBytes, progressReporter } from './progress.js';

function sink(isTTY: boolean) {
  let text = '';
  const stream = Object.assign(new Writable({ write: (chunk: Buffer, _enc, done) => void ((text += chunk.toString()), done()) }), { isTTY });
  return { stream, text: () => text };
}

describe('progressReporter', () => {
  it('writes a plain line per step off a terminal, a download once with its size, then a line per tenth passed', () => {
    const out = sink(false);
    const progress = progressReporter(out.stream);
    progress.report({ kind: 'step', model: 'm', message: 'fetching' });
    for (const received of [10, 400, 420, 2048, 2100, 4096]) progress.report({ kind: 'bytes', model: 'm', file: 'onnx/model.onnx', received, total: 4096 });
    progress.finish('m', 'done');
    expect(out.text()).toBe(
      [
        'm: fetching',
        'm: downloading onnx/model.onnx (4.0 KiB)',
        'm: onnx/model.onnx 420 B / 4.0 KiB (10 %)',
        'm: onnx/model.onnx 2.0 KiB / 4.0 KiB (50 %)',
        'm: onnx/model.onnx 4.0 KiB / 4.0 KiB (100 %)',
        'm: done\n',
      ].join('\n'),
    );
  });

  it('off a terminal, a download whose first news is already far along says so at once', () => {
    const out = sink(false);
    const progress = progressReporter(out.stream);
    progress.report({ kind: 'bytes', model: 'm', file: 'model.jar', received: 16_430_373, total: 16_430_373 });
    expect(out.text()).toBe('m: downloading model.jar (15.7 MiB)\nm: model.jar 15.7 MiB / 15.7 MiB (100 %)\n');
  });

  it('off a terminal, a download of unknown size gets a line every 4 MiB', () => {
    const out = sink(false);
    const progress = progressReporter(out.stream);
    const MiB = 1024 * 1024;
    for (const received of [0, 3 * MiB, 4 * MiB, 5 * MiB, 9 * MiB]) progress.report({ kind: 'bytes', model: 'm', file: 'f', received, total: undefined });
    expect(out.text()).toBe('m: downloading f\nm: f 4.0 MiB\nm: f 9.0 MiB\n');
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
