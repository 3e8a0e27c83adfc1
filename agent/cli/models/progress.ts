/**
 * Shows provisioning progress: on a terminal one line per model, rewritten in place with the current step
 * or the bytes downloaded so far; elsewhere (a CI log, an init container) a plain line per step and per
 * tenth of a download (every 4 MiB when its size is unknown), since carriage returns make a mess of
 * captured logs.
 */
import type { ProvisionProgress } from '../../../models/provision.js';

export interface ProgressReporter {
  report(progress: ProvisionProgress): void;
  /** Ends the model's in-place line with a final message. */
  finish(model: string, message: string): void;
}

const REDRAW_MS = 100;
/** Off a terminal, a download of unknown size gets a line per this many bytes. */
const LINE_EVERY_BYTES = 4 * 1024 * 1024;

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

export function progressReporter(stream: NodeJS.WritableStream & { isTTY?: boolean }, now: () => number = Date.now): ProgressReporter {
  return stream.isTTY === true ? new InPlaceProgress(stream, now) : new LineProgress(stream);
}

/** `m: file 4.0 MiB / 15.7 MiB (25 %)`, or without the total when the size is unknown. */
function bytesLine(progress: Extract<ProvisionProgress, { kind: 'bytes' }>): string {
  const share = progress.total === undefined ? '' : ` / ${formatBytes(progress.total)} (${Math.floor((100 * progress.received) / progress.total)} %)`;
  return `${progress.model}: ${progress.file} ${formatBytes(progress.received)}${share}`;
}

class LineProgress implements ProgressReporter {
  /** Per download, the last milestone written: tenths of the total, or multiples of LINE_EVERY_BYTES. */
  private readonly milestones = new Map<string, number>();

  constructor(private readonly stream: NodeJS.WritableStream) {}

  report(progress: ProvisionProgress): void {
    if (progress.kind === 'step') return void this.stream.write(`${progress.model}: ${progress.message}\n`);
    // Bytes would be a line per chunk: say once which file is downloading, then a line per milestone passed.
    const key = `${progress.model}/${progress.file}`;
    const milestone = progress.total === undefined ? Math.floor(progress.received / LINE_EVERY_BYTES) : Math.floor((10 * progress.received) / progress.total);
    const last = this.milestones.get(key);
    this.milestones.set(key, Math.max(milestone, last ?? milestone));
    if (last === undefined) {
      this.stream.write(`${progress.model}: downloading ${progress.file}${progress.total === undefined ? '' : ` (${formatBytes(progress.total)})`}\n`);
      if (milestone === 0) return;
    } else if (milestone <= last) {
      return;
    }
    this.stream.write(`${bytesLine(progress)}\n`);
  }

  finish(model: string, message: string): void {
    this.stream.write(`${model}: ${message}\n`);
  }
}

class InPlaceProgress implements ProgressReporter {
  private lastDraw = 0;

  constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly now: () => number,
  ) {}

  report(progress: ProvisionProgress): void {
    if (progress.kind === 'step') return this.draw(`${progress.model}: ${progress.message}`);
    const time = this.now();
    if (time - this.lastDraw < REDRAW_MS && progress.received !== progress.total) return;
    this.lastDraw = time;
    this.draw(bytesLine(progress));
  }

  finish(model: string, message: string): void {
    this.draw(`${model}: ${message}`);
    this.stream.write('\n');
  }

  /** Carriage return and erase-line (ESC [2K): the line is replaced, whatever its length was. */
  private draw(text: string): void {
    this.stream.write(`\r\u001b[2K${text}`);
  }
}
