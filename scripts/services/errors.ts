/**
 * An error meant for a person at a terminal: `message` says what went wrong, `hint` (optional) what to do about
 * it. The CLI prints both without a stack trace.
 */
export class ServiceError extends Error {
  readonly hint: string | undefined;

  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ServiceError';
    this.hint = options.hint;
  }
}

export function describeError(error: unknown): string {
  if (error instanceof ServiceError) return error.hint ? `${error.message}\n${error.hint}` : error.message;
  if (error instanceof AggregateError) return error.errors.map(describeError).join('\n\n');
  if (error instanceof Error) return error.message;
  return String(error);
}
