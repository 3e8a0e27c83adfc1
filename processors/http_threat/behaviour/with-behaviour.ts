/** http_threat with its behaviour part on: each batch is counted in the client windows and judged first, then scored for payloads. */
import type { LogEvent, Processor } from '../../../agent/kit.js';
import type { HttpThreat } from '../http-threat.js';
import type { BehaviourScorer } from './behaviour-scorer.js';

export class HttpThreatWithBehaviour implements Processor {
  constructor(
    private readonly threat: HttpThreat,
    private readonly behaviour: BehaviourScorer,
  ) {}

  async process(events: LogEvent[]): Promise<LogEvent[]> {
    return this.threat.scoreAll(events, await this.behaviour.judge(events));
  }

  close(): Promise<void> {
    return this.behaviour.close();
  }
}
