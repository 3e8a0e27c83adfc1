#!/usr/bin/env node
/**
 * sidecar-ai command line: `run` the agent, `validate` a config file.
 */
import { Command } from 'commander';
import { createRequire } from 'node:module';
import { loadConfigFile, type LoadedConfig } from '../config/loader.js';
import { ConfigError, formatProblem } from '../config/errors.js';
import { builtinRegistry } from './builtins.js';
import { describeError, errorMessage } from './errors.js';
import { createLogger } from './logger.js';
import { Agent } from './runtime/agent.js';

const EXIT_CONFIG = 78; // EX_CONFIG from sysexits.h: the configuration is wrong

const packageJson = createRequire(import.meta.url)('../../package.json') as { version: string };

async function load(file: string): Promise<LoadedConfig | undefined> {
  try {
    return await loadConfigFile(file, builtinRegistry());
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${describeError(error)}\n`);
    process.exitCode = EXIT_CONFIG;
    return undefined;
  }
}

const program = new Command()
  .name('sidecar-ai')
  .description('Log-stream agent: follows application logs, enriches them, ships them to Elasticsearch/OpenSearch.')
  .version(packageJson.version);

program
  .command('validate')
  .description('Check a config file; prints each problem with its YAML path, line and column.')
  .requiredOption('-c, --config <file>', 'config file (YAML)')
  .action(async (options: { config: string }) => {
    const loaded = await load(options.config);
    if (!loaded) return;
    for (const warning of loaded.warnings) process.stderr.write(`${options.config}: warning: ${formatProblem(warning)}\n`);
    process.stdout.write(`${options.config}: configuration is valid${loaded.warnings.length > 0 ? ` (${loaded.warnings.length} warning${loaded.warnings.length > 1 ? 's' : ''})` : ''}\n`);
  });

program
  .command('run')
  .description('Run the agent until SIGTERM/SIGINT (or, with --once, until every input is read to its end); SIGHUP reloads the config.')
  .requiredOption('-c, --config <file>', 'config file (YAML)')
  .option('--once', 'read every input to its current end, deliver, save checkpoints and exit')
  .action(async (options: { config: string; once?: boolean }) => {
    const loaded = await load(options.config);
    if (!loaded) return;
    const logger = createLogger(loaded.config.log.level);
    for (const warning of loaded.warnings) logger.warn({ file: options.config }, `config: ${formatProblem(warning)}`);
    const stop = new AbortController();
    const agent = new Agent(loaded, builtinRegistry(), { once: options.once === true, logger, stop: stop.signal, version: packageJson.version });
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

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`sidecar-ai: ${describeError(error)}\n`);
  process.exitCode = 1;
});
