/** Event counters per component, read for the end-of-run summary and exposed as metrics. */
export class ComponentStats {
  readonly eventsIn = new Map<string, number>();
  readonly eventsOut = new Map<string, number>();
  readonly eventsDropped = new Map<string, number>();
  readonly deadLettered = new Map<string, number>();

  add(counter: Map<string, number>, id: string, n: number): void {
    counter.set(id, (counter.get(id) ?? 0) + n);
  }

  summary(): RunSummary {
    return {
      inputs: Object.fromEntries(this.eventsIn),
      outputs: Object.fromEntries(this.eventsOut),
      dropped: Object.fromEntries(this.eventsDropped),
      dead_lettered: Object.fromEntries(this.deadLettered),
    };
  }
}

export interface RunSummary {
  inputs: Record<string, number>;
  outputs: Record<string, number>;
  dropped: Record<string, number>;
  dead_lettered: Record<string, number>;
}
