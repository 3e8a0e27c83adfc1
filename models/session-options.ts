/**
 * How onnxruntime may use the CPU for one model: its intra-op thread count and whether idle threads spin.
 *
 * The defaults suit a sidecar, which shares its pod's CPU limit with the application: one thread and no
 * spinning. onnxruntime's own defaults (a thread per core, spinning between runs) made each MiniLM run
 * cost about twice its wall time in CPU, and the spinning threads took the cores from the agent's event
 * loop and the application beside it (figures in bench/RESULTS.md, "Inference threads").
 */
import type { InferenceSession } from 'onnxruntime-node';

export interface OnnxRuntimeOptions {
  /** Intra-op threads of one inference run. */
  readonly threads: number;
  /** Let idle intra-op threads spin for the next piece of work instead of sleeping. */
  readonly spin: boolean;
}

export const SIDECAR_RUNTIME: OnnxRuntimeOptions = { threads: 1, spin: false };

export function sessionOptions({ threads, spin }: OnnxRuntimeOptions): InferenceSession.SessionOptions {
  const spinning = spin ? '1' : '0';
  return {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    extra: { session: { 'intra_op.allow_spinning': spinning, 'inter_op.allow_spinning': spinning } },
  };
}
