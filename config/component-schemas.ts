/**
 * What config/ knows of component types: their names, summaries, schemas and machine checks. The agent's
 * registry has exactly this shape; config/ depends on the shape, not on the agent.
 */
import type { z } from 'zod';

export interface MachineProblem {
  readonly path: (string | number)[];
  readonly message: string;
  /** A warning does not make the config invalid (`validate` and `run` print it and go on). */
  readonly severity?: 'error' | 'warning';
}

export interface ComponentSchema {
  readonly kind: 'input' | 'processor' | 'output';
  readonly type: string;
  readonly summary: string;
  readonly config: z.ZodType;
  /** Checks beyond the schema that look at the machine; paths are relative to the component's config. */
  check?(config: never, context: { readonly configDir: string }): MachineProblem[];
}

export interface ComponentSchemas {
  readonly inputs: ReadonlyMap<string, ComponentSchema>;
  readonly processors: ReadonlyMap<string, ComponentSchema>;
  readonly outputs: ReadonlyMap<string, ComponentSchema>;
}
