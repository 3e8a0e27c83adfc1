/**
 * V8 heap limits for `sidecar-ai run`, applied by the agent itself so a pod's memory does not depend on how
 * it was started. Node 22+ sizes the young generation from the machine's memory (up to 64 MiB per
 * semi-space), so on Node 24 an agent shipping 1M lines peaked at 155–340 MiB resident while its live heap
 * stays under 30 MiB. Semi-spaces of 8 MiB hold the events in flight (the file input reads 128 KiB at a
 * time, the Kafka input hands over parts of 1,000 messages) until they die young; with pretenuring off (below)
 * they cost no more CPU than 16 MiB and take 13 MiB less (bench/RESULTS.md, "Agent memory: one bundled
 * executable, pretenuring off, 8 MiB semi-spaces"; `npm run bench:heap-flags`).
 * The old-space bound caps what a burst or a leak can take: 512 MiB, or
 * half the container's memory limit where that is less, so V8 collects before the kernel kills the pod
 * (the other half is for native memory: buffers, onnxruntime's models).
 *
 * The flags must be set before V8 builds its heap, so the process replaces itself (process.execve, same pid,
 * same stdio, no second process) with the flags in front of its arguments. Flags the user gives on the
 * command line or in NODE_OPTIONS win; SIDECAR_AI_V8_DEFAULTS=off turns this off. V8 flags are per process:
 * the worker threads (model inference, forest training) get the same limits for their own heaps. The agent
 * starts no child Node processes; one forked with child_process.fork would inherit them through execArgv.
 */
const SEMI_SPACE_MIB = 8;
const OLD_SPACE_MIB = 512;
const MIN_OLD_SPACE_MIB = 64;

/**
 * V8 pretenures the objects of an allocation site (allocates them straight in old space) once enough of them
 * survived a young-generation collection. Early in a run the events of the batches in flight do survive, so
 * V8 sometimes pretenures the sites that build events, and from then on every event goes to old space and
 * is freed only by full collections, one every few dozen milliseconds: in such runs the agent used up to 60 %
 * more CPU and 13–20 MiB more memory, in others not (same section).
 */
const NO_PRETENURING = '--no-allocation-site-pretenuring';

/** The default flags, for a container memory limit in bytes (process.constrainedMemory(); 0 or huge: none). */
export function v8HeapDefaults(memoryLimitBytes: number): string[] {
  const limitMiB = memoryLimitBytes > 0 && Number.isFinite(memoryLimitBytes) ? Math.floor(memoryLimitBytes / 1024 / 1024 / 2) : OLD_SPACE_MIB;
  const oldSpace = Math.max(MIN_OLD_SPACE_MIB, Math.min(OLD_SPACE_MIB, limitMiB));
  return [`--max-semi-space-size=${SEMI_SPACE_MIB}`, `--max-old-space-size=${oldSpace}`, NO_PRETENURING];
}

/** Set in the replaced process so it does not replace itself again; `off` disables the defaults. */
export const V8_DEFAULTS_ENV = 'SIDECAR_AI_V8_DEFAULTS';

/** process.execve (Node 22.15+, 23.11+), typed here while the project's Node types are older. */
type Execve = (file: string, args: readonly string[], env: NodeJS.ProcessEnv) => never;

/** A flag's name without its value, spelling (`_` or `-`) or negation (`--no-x` and `--x` set the same thing). */
export const flagName = (flag: string): string => (flag.split('=')[0] as string).replace(/_/g, '-').replace(/^--no-/, '--');

/** The default flags that neither the command line nor NODE_OPTIONS sets already. */
export function missingHeapFlags(defaults: readonly string[], execArgv: readonly string[], nodeOptions: string | undefined): string[] {
  const given = new Set([...execArgv, ...(nodeOptions ?? '').split(/\s+/)].filter((arg) => arg.startsWith('--')).map(flagName));
  return defaults.filter((flag) => !given.has(flagName(flag)));
}

/** Replaces this process with one running the same command under the heap defaults, when they are missing. */
export function applyV8HeapDefaults(): void {
  if (process.env[V8_DEFAULTS_ENV] !== undefined) return;
  const missing = missingHeapFlags(v8HeapDefaults(process.constrainedMemory()), process.execArgv, process.env.NODE_OPTIONS);
  // process.execve is in Node 22.15+ and 23.11+; without it the agent runs on V8's own sizing.
  const execve = (process as { execve?: Execve }).execve;
  if (missing.length === 0 || execve === undefined) return;
  execve.call(process, process.execPath, [process.execPath, ...missing, ...process.execArgv, ...process.argv.slice(1)], { ...process.env, [V8_DEFAULTS_ENV]: 'applied' });
}
