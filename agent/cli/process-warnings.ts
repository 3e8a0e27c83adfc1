/**
 * Node's own warnings go to the agent's log as JSON lines, not as plain text on stderr, and once per kind:
 * a library that repeats one would otherwise flood a log shipped from every pod. kafkajs 2.2.4 hands setTimeout
 * negative delays, which Node.js 24 reports as TimeoutNegativeWarning while clamping them to 1 ms as earlier
 * releases did silently; that one is logged at debug.
 */
import type { Logger } from 'pino';

const QUIET = new Set(['TimeoutNegativeWarning']);

export function logProcessWarnings(logger: Logger): void {
  const seen = new Set<string>();
  process.removeAllListeners('warning');
  process.on('warning', (warning: Error & { code?: string }) => {
    if (seen.has(warning.name)) return;
    seen.add(warning.name);
    const fields = { warning: warning.name, code: warning.code };
    if (QUIET.has(warning.name)) logger.debug(fields, warning.message);
    else logger.warn(fields, `${warning.message} (further ${warning.name} warnings are not logged)`);
  });
}
