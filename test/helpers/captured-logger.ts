/** A pino logger whose lines (JSON strings) are pushed to `lines`, so tests can read what was logged. */
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';

export function capturedLogger(lines: string[], level = 'info'): Logger {
  return pino(
    { level },
    new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    }),
  );
}
