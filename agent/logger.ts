import { pino, type Logger, type LevelWithSilent } from 'pino';

/**
 * The agent's own logs: JSON lines on stderr, so stdout stays free for the `stdout` output's event stream.
 * SIDECAR_LOG_LEVEL overrides the configured level. Secrets never reach the logger: the config is not
 * logged, and credential-like fields are redacted defensively.
 */
export function createLogger(level: LevelWithSilent = 'info'): Logger {
  const envLevel = process.env.SIDECAR_LOG_LEVEL as LevelWithSilent | undefined;
  return pino(
    {
      name: 'sidecar-ai',
      level: envLevel ?? level,
      base: { pid: process.pid },
      redact: { paths: ['password', '*.password', 'api_key', '*.api_key', 'auth.*'], censor: '[redacted]' },
    },
    pino.destination({ fd: 2, sync: false }),
  );
}

export type { Logger };
