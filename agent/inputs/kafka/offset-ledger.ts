/**
 * The kafka input's offsets between delivery and commit: per partition, the next offset after the last
 * batch every output acknowledged. They are committed in the agent's checkpoint rounds, after the outputs
 * were flushed, so a committed offset never runs ahead of durable output.
 */

/** The next offset to consume of one partition, as kafkajs commits it. */
export interface PartitionOffset {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

export interface OffsetSnapshot {
  /** What to commit: the latest delivered offset of each partition, as of the snapshot. */
  readonly offsets: readonly PartitionOffset[];
  /** After the commit succeeded: forgets what it covered (not what was delivered since). */
  committed(): void;
}

export class OffsetLedger {
  /** By `topic/partition`. */
  private readonly uncommitted = new Map<string, PartitionOffset>();

  /** The batch of `topic`/`partition` ending at `lastOffset` was delivered: commit past it. */
  delivered(topic: string, partition: number, lastOffset: string): void {
    this.uncommitted.set(keyOf(topic, partition), { topic, partition, offset: (BigInt(lastOffset) + 1n).toString() });
  }

  /** After a rebalance: partitions that moved to another member can no longer be committed by this one. */
  keepAssigned(assignment: Readonly<Record<string, readonly number[] | undefined>>): void {
    for (const [key, entry] of this.uncommitted) {
      if (!(assignment[entry.topic] ?? []).includes(entry.partition)) this.uncommitted.delete(key);
    }
  }

  snapshot(): OffsetSnapshot {
    const offsets = [...this.uncommitted.values()];
    return {
      offsets,
      committed: () => {
        for (const entry of offsets) {
          const key = keyOf(entry.topic, entry.partition);
          if (this.uncommitted.get(key) === entry) this.uncommitted.delete(key);
        }
      },
    };
  }
}

function keyOf(topic: string, partition: number): string {
  return `${topic}/${partition}`;
}
