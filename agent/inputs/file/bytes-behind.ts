/**
 * The gauge `sidecar_file_input_behind_bytes{component}`: how far each file input's delivered (checkpointable)
 * position trails its files, summed over them. One gauge serves every file input of an agent; each input
 * adds its measurement while it lives, and the gauge asks them all at scrape time.
 */
import type { Registry } from 'prom-client';
import { Gauge, metricFor } from '../../kit.js';

const NAME = 'sidecar_file_input_behind_bytes';

/** Per registry (one per agent), the inputs reporting into its gauge, by component id. */
const inputsByRegistry = new WeakMap<Registry, Map<string, () => Promise<number>>>();

/**
 * Reports `measure` under `component` until the returned function is called (when the input closes). An
 * input replaced by a reload under the same id may close after its successor registered: it then leaves
 * the successor's series alone.
 */
export function reportBytesBehind(registry: Registry, component: string, measure: () => Promise<number>): () => void {
  let inputs = inputsByRegistry.get(registry);
  if (!inputs) {
    inputs = new Map();
    inputsByRegistry.set(registry, inputs);
  }
  const reporting = inputs;
  const gauge = metricFor(
    registry,
    NAME,
    () =>
      new Gauge({
        name: NAME,
        help: 'Bytes of the followed files (and of released files with batches in flight) beyond what was delivered, by file input.',
        labelNames: ['component'],
        registers: [registry],
        async collect() {
          // Measured at scrape time; series of inputs that closed since the last scrape disappear.
          this.reset();
          for (const [id, measured] of reporting) this.set({ component: id }, await measured());
        },
      }),
  );
  reporting.set(component, measure);
  return () => {
    if (reporting.get(component) !== measure) return;
    reporting.delete(component);
    gauge.remove({ component });
  };
}
