/**
 * Errors with a stable code and a retriable flag, so the runtime can decide between retrying, dead-lettering
 * and stopping without parsing messages.
 */
export class SidecarError extends Error {
  readonly code: string;
  readonly retriable: boolean;

  constructor(code: string, message: string, options: { retriable?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SidecarError';
    this.code = code;
    this.retriable = options.retriable ?? false;
  }
}

/** Errors thrown by outputs are retriable unless they say otherwise (a full disk or a busy server recovers). */
export function isRetriable(error: unknown): boolean {
  if (error instanceof SidecarError) return error.retriable;
  return true;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
