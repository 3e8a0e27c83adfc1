/** The error for a model folder that is absent or incomplete; it tells the operator how to provision it. */
export class MissingModelError extends Error {
  readonly code = 'MODEL_MISSING';
}
