/**
 * Loads parse_access_log and http_threat from a compiled tree (this build's dist/, or a copy of an earlier
 * build's dist/), so that two builds can be measured and compared in one process, sharing the machine's load.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import type { LogEvent } from '../../agent/kit.js';
import type * as HttpThreatConfigModule from '../../processors/http_threat/config.js';
import type * as HttpThreatModule from '../../processors/http_threat/http-threat.js';
import type * as LoadModule from '../../processors/http_threat/model/load.js';
import type * as ParseConfigModule from '../../processors/parse_access_log/config.js';
import type * as ParseModule from '../../processors/parse_access_log/parse-access-log.js';

/** What a bench needs of one build: a parser, a scorer (rules alone or with a model), and verdicts. */
export interface ThreatBuild {
  readonly name: string;
  parser(): { process(events: LogEvent[]): LogEvent[] };
  scorer(withModel: boolean): { process(events: LogEvent[]): LogEvent[]; score: HttpThreatModule.HttpThreat['score'] };
}

/** The compiled tree this file belongs to (dist/ when run as dist/bench/threat-speed/builds.js). */
export const THIS_BUILD = fileURLToPath(new URL('../..', import.meta.url));

/** A module of the compiled tree under `root`, e.g. `processors/http_threat/detectors.js`. */
export const load = async <T>(root: string, file: string): Promise<T> => (await import(pathToFileURL(path.join(root, file)).href)) as T;

/**
 * Loads the build under `root` and trains its payload model from `examplesFile` (each build its own, as it
 * would at start-up), with the model settings' defaults unless `model` overrides some.
 */
export async function loadBuild(name: string, root: string, examplesFile: string, model: Readonly<Record<string, number>> = {}): Promise<ThreatBuild> {
  const { HttpThreat } = await load<typeof HttpThreatModule>(root, 'processors/http_threat/http-threat.js');
  const { httpThreatConfig } = await load<typeof HttpThreatConfigModule>(root, 'processors/http_threat/config.js');
  const { loadPayloadModel } = await load<typeof LoadModule>(root, 'processors/http_threat/model/load.js');
  const { ParseAccessLog } = await load<typeof ParseModule>(root, 'processors/parse_access_log/parse-access-log.js');
  const { parseAccessLogConfig } = await load<typeof ParseConfigModule>(root, 'processors/parse_access_log/config.js');
  const rulesConfig = httpThreatConfig.parse({});
  const modelConfig = httpThreatConfig.parse({ model: { ...model, examples_file: examplesFile } });
  const payloadModel = await loadPayloadModel({ ...modelConfig, model: modelConfig.model as NonNullable<typeof modelConfig.model> }, '.');
  return {
    name,
    parser: () => new ParseAccessLog(parseAccessLogConfig.parse({})),
    scorer: (withModel) => (withModel ? new HttpThreat(modelConfig, payloadModel) : new HttpThreat(rulesConfig)),
  };
}
