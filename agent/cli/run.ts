/**
 * `sidecar-ai run -c FILE [--once]`: runs the agent until SIGTERM/SIGINT (or, with --once, until every input
 * is read to its end); SIGHUP reloads the config.
 */
import { Command } from 'commander';
import { formatProblem } from '../../config/errors.js';
import { builtinRegistry } from '../builtins.js';
import { describeError, errorMessage } from '../errors.js';
import { createLogger } from '../logger.js';
import { Agent } from '../runtime/agent.js';
import { loadConfigOrReport } from './load-config.js';
import { logProcessWarnings } from './process-warnings.js';

export function runCommand(version: string): Command {
  return new Command('run')
    .description('Run the agent until SIGTERM/SIGINT (or, with --once, until every input is read to its end); SIGHUP reloads the config.')
    .requiredOption('-c, --config <file>', 'config file (YAML)')
    .option('--once', 'read every input to its current end, deliver, save checkpoints and exit')
    .action(async (options: { config: string; once?: boolean }) => {
      const loaded = await loadConfigOrReport(options.config);
      if (!loaded) return;
      const logger = createLogger(loaded.config.log.level);
      logProcessWarnings(logger);
      for (const warning of loaded.warnings) logger.warn({ file: options.config }, `config: ${formatProblem(warning)}`);
      const stop = new AbortController();
      const agent = new Agent(loaded, builtinRegistry(), { once: options.once === true, logger, stop: stop.signal, version });
      let signals = 0;
      const onSignal = (signal: NodeJS.Signals) => {
        signals++;
        if (signals === 1) {
          logger.info({ signal }, 'stopping: no new reads, draining in-flight events');
          stop.abort();
          // Last resort if something hangs past the grace period: exit; undelivered events are re-read later.
          setTimeout(() => {
            logger.error('shutdown did not finish in time; exiting');
            logger.flush();
            process.exit(1);
          }, loaded.config.pipeline.shutdown_timeout + 10_000).unref();
        } else {
          logger.warn({ signal }, 'second signal: exiting now; undelivered events will be read again after restart');
          logger.flush();
          process.exit(130);
        }
      };
      process.on('SIGTERM', onSignal);
      process.on('SIGINT', onSignal);
      // Without a handler SIGHUP would kill the process: reload instead, as Vector, nginx and Fluent Bit do.
      process.on('SIGHUP', () => {
        if (options.once === true) return logger.warn('SIGHUP ignored in --once mode');
        logger.info('SIGHUP: reloading the config');
        void agent.reload();
      });
      let code = 1;
      try {
        const result = await agent.run();
        code = result.drained && result.failure === undefined ? 0 : 1;
      } catch (error) {
        logger.fatal({ err: errorMessage(error), code: (error as { code?: unknown }).code }, `agent failed: ${describeError(error)}`);
      }
      // Everything is stopped and saved: exit now rather than wait for client libraries' leftover timers
      // (reconnect backoffs, idle sockets) to run out.
      logger.flush(() => process.exit(code));
    });
}
