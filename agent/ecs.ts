/**
 * The ECS version the agent's documents follow. Every event leaving the processor chain carries it as
 * `ecs.version`, so Kibana and ECS-aware tools know which field set to expect; an event that already names
 * one (an application logging ECS itself) keeps its own.
 */
import type { FieldValue, LogEvent } from './event.js';

export const ECS_VERSION = '8.17.0';

/** Shared and frozen: nothing writes to an event after the chain, and one object serves every event. */
const ECS_FIELD: { [key: string]: FieldValue } = Object.freeze({ version: ECS_VERSION });

export function stampEcsVersion(events: LogEvent[]): LogEvent[] {
  for (const event of events) if (event.ecs === undefined) event.ecs = ECS_FIELD;
  return events;
}
