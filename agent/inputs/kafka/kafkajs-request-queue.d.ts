/** kafkajs's per-connection request queue: an internal module without typings, declared as far as idle-request-check.ts uses it. */
declare module 'kafkajs/src/network/requestQueue/index.js' {
  interface RequestQueueOptions {
    maxInFlightRequests: number | null;
    requestTimeout: number;
    enforceRequestTimeout: boolean;
    clientId: string;
    broker: string;
    logger: { debug(message: string, extra?: object): void };
  }
  export default class RequestQueue {
    constructor(options: RequestQueueOptions);
    readonly pending: unknown[];
    throttledUntil: number;
    readonly throttleCheckTimeoutId: unknown;
    checkPendingRequests(): void;
    scheduleCheckPendingRequests(): void;
    destroy(): void;
  }
}
