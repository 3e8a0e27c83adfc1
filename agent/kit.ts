/**
 * The component kit: everything an input, processor or output may use from the agent, in one module. The
 * runtime, the checkpoint store and the telemetry server stay behind it, so they can change without touching
 * a component; a lint rule (eslint.config.js) keeps components from importing past it.
 */
export {
  defineInput,
  defineOutput,
  defineProcessor,
  type Batch,
  type BatchSink,
  type CheckContext,
  type CheckProblem,
  type ComponentContext,
  type DeadLetters,
  type EventStamp,
  type Input,
  type InputContext,
  type InputDefinition,
  type ModelControl,
  type ModelFigures,
  type ModelStatus,
  type Output,
  type OutputDefinition,
  type Processor,
  type ProcessorDefinition,
  type RolloutState,
  type WriteReport,
} from './component.js';
export { hostWithoutPort } from './http-host.js';
export { addTag, getField, isFieldObject, mergeFields, setField, type FieldValue, type LogEvent } from './event.js';
export { ERROR_CODES, SidecarError, errorMessage, isRetriable, type ErrorCode } from './errors.js';
export { JsonStateFile, type StateReadResult } from './checkpoints/state-file.js';
export { OrderedAcks } from './checkpoints/ordered-acks.js';
export { Counter, Gauge, Histogram, counterFor, metricFor, type Registry } from './telemetry/metrics.js';
export { DEFAULT_BACKOFF, RetryPolicy, failureLevel, pause, type BackoffSettings } from './runtime/retry.js';
export { eventsRetriedCounter, type RetryCause } from './runtime/delivery-metrics.js';
export { Semaphore } from './runtime/semaphore.js';
export { untilOrAborted, whenAborted } from './runtime/waiting.js';
export { safeFileName } from './runtime/dead-letters.js';
export { byteSizeSchema, durationSchema } from '../config/duration.js';
export { regexSchema } from '../config/regex.js';
export { patternWarnings } from '../config/regex-risk.js';
