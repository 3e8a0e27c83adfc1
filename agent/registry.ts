/**
 * One map per component kind, keyed by `type:`. Built-ins are listed explicitly in builtins.ts; nothing
 * registers itself as an import side effect, so the set of components is visible in one place.
 */
import { SidecarError } from './errors.js';
import type { InputDefinition, OutputDefinition, ProcessorDefinition } from './component.js';

type AnyDefinition = InputDefinition | ProcessorDefinition | OutputDefinition;

export class ComponentRegistry {
  readonly inputs = new Map<string, InputDefinition>();
  readonly processors = new Map<string, ProcessorDefinition>();
  readonly outputs = new Map<string, OutputDefinition>();

  register(...definitions: AnyDefinition[]): this {
    for (const def of definitions) {
      const map = this.mapFor(def.kind) as Map<string, AnyDefinition>;
      if (map.has(def.type)) throw new SidecarError('DUPLICATE_COMPONENT_TYPE', `duplicate ${def.kind} type "${def.type}"`);
      map.set(def.type, def);
    }
    return this;
  }

  private mapFor(kind: AnyDefinition['kind']): Map<string, AnyDefinition> {
    if (kind === 'input') return this.inputs;
    if (kind === 'processor') return this.processors;
    return this.outputs;
  }
}
