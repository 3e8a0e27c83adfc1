import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { LOCAL_PORTS } from './endpoints.js';
import { ServiceError } from './errors.js';
import { findJdk } from './java.js';
import { probeKafka } from './kafka-probe.js';
import { launchDetached } from './launch.js';
import { ensureFetched } from './maven.js';
import type { ServicePaths } from './paths.js';
import type { LaunchContext, LaunchOutcome, ManagedService } from './service.js';

/**
 * Apache Kafka as a single KRaft node (broker and controller in one JVM), from the jars that
 * scripts/services/kafka/pom.xml fetches: `java -cp 'lib/*' kafka.Kafka server.properties`.
 */

const HEAP = '-Xms512m -Xmx512m';

function libDir(paths: ServicePaths): string {
  return path.join(paths.dist, 'lib');
}

function serverProperties(paths: ServicePaths): string {
  const { broker, controller } = LOCAL_PORTS.kafka;
  return [
    '# Written by scripts/services on every start; edit kafka.ts instead.',
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${controller}`,
    `listeners=PLAINTEXT://127.0.0.1:${broker},CONTROLLER://127.0.0.1:${controller}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${broker}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    `log.dirs=${paths.data}`,
    'num.partitions=1',
    'auto.create.topics.enable=true',
    // one node: internal topics cannot have more than one replica
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=3',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    // tests create a consumer group and expect it to form at once
    'group.initial.rebalance.delay.ms=0',
    'log.retention.hours=24',
    'log.segment.bytes=67108864',
    '',
  ].join('\n');
}

function log4jProperties(paths: ServicePaths): string {
  return [
    '# Written by scripts/services on every start; edit kafka.ts instead.',
    'log4j.rootLogger=INFO, file',
    'log4j.appender.file=org.apache.log4j.RollingFileAppender',
    `log4j.appender.file.File=${path.join(paths.logs, 'server.log')}`,
    'log4j.appender.file.MaxFileSize=20MB',
    'log4j.appender.file.MaxBackupIndex=3',
    'log4j.appender.file.layout=org.apache.log4j.PatternLayout',
    'log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n',
    'log4j.logger.kafka.request.logger=WARN',
    'log4j.logger.state.change.logger=WARN',
    'log4j.logger.kafka.log.LogCleaner=WARN',
    '',
  ].join('\n');
}

/** A Kafka cluster id: 16 random bytes, URL-safe base64 without padding, not starting with "-" (like Uuid.randomUuid). */
function clusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

async function kafkaVersion(paths: ServicePaths): Promise<string> {
  const jar = (await readdir(libDir(paths))).find((file) => /^kafka_2\.\d+-.+\.jar$/.test(file));
  return jar?.replace(/^kafka_2\.\d+-/, '').replace(/\.jar$/, '') ?? 'unknown';
}

function runJava(java: string, args: string[], cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(java, args, { cwd, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, output: `${stdout}${stderr}`.trim() });
    });
  });
}

export const kafkaService: ManagedService = {
  name: 'kafka',
  stopGraceMs: 30_000,

  probe: (address) => probeKafka(address),

  logFile: (paths) => path.join(paths.logs, 'server.log'),

  isOwnProcess: (commandLine, paths) =>
    commandLine.includes('kafka.Kafka') && commandLine.includes(path.join(paths.config, 'server.properties')),

  async launch({ paths, env, log }: LaunchContext): Promise<LaunchOutcome> {
    const jdk = await findJdk({ minMajor: 11, purpose: 'Apache Kafka 3.9', homeEnv: 'KAFKA_JAVA_HOME' }, env);
    await ensureFetched({
      name: 'kafka',
      pom: paths.pom,
      goal: 'dependency:copy-dependencies',
      outputDir: libDir(paths),
      log,
    });
    const version = await kafkaVersion(paths);
    await Promise.all([paths.config, paths.data, paths.logs].map((dir) => mkdir(dir, { recursive: true })));
    const properties = path.join(paths.config, 'server.properties');
    const log4j = path.join(paths.config, 'log4j.properties');
    await writeFile(properties, serverProperties(paths));
    await writeFile(log4j, log4jProperties(paths));

    const classpath = `${libDir(paths)}${path.sep}*`;
    const log4jOption = `-Dlog4j.configuration=file:${log4j}`;
    if (!existsSync(path.join(paths.data, 'meta.properties'))) {
      log(`kafka: formatting storage in ${paths.data}`);
      const format = await runJava(
        jdk.java,
        ['-Xmx256m', log4jOption, '-cp', classpath, 'kafka.tools.StorageTool', 'format', '-t', clusterId(), '-c', properties, '--ignore-formatted'],
        paths.root,
      );
      if (format.code !== 0) {
        throw new ServiceError(`kafka: formatting the storage failed (exit ${format.code})\n${format.output}`);
      }
    }

    const heap = (env.KAFKA_HEAP_OPTS?.trim() || HEAP).split(/\s+/);
    const launched = launchDetached({
      command: jdk.java,
      args: [
        ...heap,
        '-XX:+UseG1GC',
        '-XX:MaxGCPauseMillis=20',
        '-Djava.awt.headless=true',
        log4jOption,
        `-Dkafka.logs.dir=${paths.logs}`,
        '-cp',
        classpath,
        'kafka.Kafka',
        properties,
      ],
      cwd: paths.root,
      env: { ...env, JAVA_HOME: jdk.home },
      consoleLog: paths.consoleLog,
    });
    return { launched, daemonizes: false, description: `Apache Kafka ${version} on Java ${jdk.version}` };
  },
};
