/**
 * The kafka input's offsets between fetch and commit. Parts of fetched batches are handed to the pipeline
 * while kafkajs already fetches the next ones, so several parts of a partition are in flight at once and
 * can be acknowledged in any order; per partition the ledger keeps them in offset order and moves the
 * offset to commit only over the contiguous prefix that every output acknowledged. Commits happen in the
 * agent's checkpoint rounds, after the outputs were flushed, so a committed offset never runs ahead of
 * durable output. A failed part names where to read the partition again: its first unacknowledged offset;
 * everything still in flight is then forgotten (acknowledgements of those parts no longer count), as the
 * partition is read again from there (duplicates, never a gap). The file input's OrderedAcks does the same
 * for file positions; offsets need 64 bits and the seek position, hence a ledger of their own.
 */

/** The next offset to consume of one partition, as kafkajs commits it. */
export interface PartitionOffset {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

export interface OffsetSnapshot {
  /** What to commit: the end of the acknowledged prefix of each partition that moved since its last commit. */
  readonly offsets: readonly PartitionOffset[];
  /** After the commit succeeded: records it (what was acknowledged since stays to commit). */
  committed(): void;
}

/** One part of a fetched batch, from handing it to the pipeline until it settles. */
export interface InFlightPart {
  /** Every output has it. */
  acknowledged(): void;
  /**
   * It was not delivered: the offset from which the partition must be read again (the first unacknowledged
   * one), or undefined when the partition's tracking was already restarted (a seek or rebalance re-reads it).
   */
  failed(): string | undefined;
  /**
   * It never entered the pipeline (its partition was restarted, or the input stops): frees its bytes. It
   * counts as not delivered, so the offset to commit stays before it.
   */
  discard(): void;
  /** False once the partition's tracking restarted: the rest of its batch is not to be handed on. */
  current(): boolean;
}

interface Part {
  readonly first: bigint;
  /** The offset after the part: what to commit once it and all before it were acknowledged. */
  readonly next: bigint;
  done: boolean;
}

/** One partition's state: its parts in flight in offset order, the acknowledged prefix and the last commit. */
class PartitionLedger {
  /** In flight, oldest first; restarted (a new array) on a seek or rebalance, so older parts no longer count. */
  parts: Part[] = [];
  /** The end of the acknowledged prefix over every restart (everything below it was delivered). */
  acknowledgedUpTo: bigint | undefined;
  committedUpTo: bigint | undefined;
  /** Bytes of message values and keys handed to the pipeline and not settled yet, restarts included. */
  bytesInFlight = 0;
  /**
   * After a failure: where the partition must be read again. Until a part starting there arrives, none is
   * tracked, so the offset to commit can never jump the undelivered gap (should kafkajs not have sought).
   */
  resumeAt: bigint | undefined;
  private waiters: (() => void)[] = [];

  constructor(
    readonly topic: string,
    readonly partition: number,
  ) {}

  acknowledge(parts: Part[], part: Part): void {
    part.done = true;
    if (parts !== this.parts) return;
    let head = 0;
    while (head < parts.length && (parts[head] as Part).done) head++;
    if (head === 0) return;
    const next = (parts[head - 1] as Part).next;
    parts.splice(0, head);
    // A restart reads from the end of the prefix or before it (a rebalance re-reads from the commit).
    if (this.acknowledgedUpTo === undefined || next > this.acknowledgedUpTo) this.acknowledgedUpTo = next;
  }

  fail(parts: Part[]): string | undefined {
    if (parts !== this.parts) return undefined;
    const from = (parts[0] as Part).first;
    this.parts = [];
    this.resumeAt = from;
    return from.toString();
  }

  settle(bytes: number): void {
    this.bytesInFlight -= bytes;
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** Resolves at the next settle of a part of this partition. */
  settled(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}

export class OffsetLedger {
  /** By `topic/partition`. */
  private readonly partitions = new Map<string, PartitionLedger>();
  private closed = false;

  /**
   * @param maxBytesInFlight per partition: a part waits in `whenRoom` while this many bytes of the partition
   * are in flight (one part always may go, whatever its size).
   */
  constructor(private readonly maxBytesInFlight = Number.POSITIVE_INFINITY) {}

  /**
   * Where the partition must be read from instead, when a failure sought it back and this part (starting at
   * `firstOffset`) is not the re-read; undefined when the part may be admitted.
   */
  misplaced(topic: string, partition: number, firstOffset: string): string | undefined {
    const resumeAt = this.partitions.get(keyOf(topic, partition))?.resumeAt;
    return resumeAt === undefined || resumeAt === BigInt(firstOffset) ? undefined : resumeAt.toString();
  }

  /**
   * The partition sought back holds nothing before `offset` any more (retention deleted it, or compaction
   * did): the re-read starts there instead. Only ever moves the resume point forward.
   */
  resumeFrom(topic: string, partition: number, offset: string): void {
    const ledger = this.partitions.get(keyOf(topic, partition));
    if (ledger?.resumeAt !== undefined && BigInt(offset) > ledger.resumeAt) ledger.resumeAt = BigInt(offset);
  }

  /** The part of `topic`/`partition` from `firstOffset` to `lastOffset`, `bytes` long, enters the pipeline. */
  admit(topic: string, partition: number, firstOffset: string, lastOffset: string, bytes: number): InFlightPart {
    const ledger = this.partitionOf(topic, partition);
    ledger.resumeAt = undefined;
    const parts = ledger.parts;
    const part: Part = { first: BigInt(firstOffset), next: BigInt(lastOffset) + 1n, done: false };
    parts.push(part);
    ledger.bytesInFlight += bytes;
    let settled = false;
    const settle = () => {
      if (settled) return false;
      settled = true;
      ledger.settle(bytes);
      return true;
    };
    return {
      acknowledged: () => {
        if (settle()) ledger.acknowledge(parts, part);
      },
      failed: () => (settle() ? ledger.fail(parts) : undefined),
      discard: () => void settle(),
      current: () => ledger.parts === parts,
    };
  }

  /** Whether a part of `bytes` fits now in the partition's bound on bytes in flight (one part always does). */
  hasRoom(topic: string, partition: number, bytes: number): boolean {
    const inFlight = this.partitions.get(keyOf(topic, partition))?.bytesInFlight ?? 0;
    return this.closed || inFlight === 0 || inFlight + bytes <= this.maxBytesInFlight;
  }

  /** Resolves once a part of `bytes` fits in the partition's bound on bytes in flight, or the ledger is closed. */
  async whenRoom(topic: string, partition: number, bytes: number): Promise<void> {
    while (!this.hasRoom(topic, partition, bytes)) await this.partitionOf(topic, partition).settled();
  }

  /** The input stops: whoever waits for room stops waiting. */
  close(): void {
    this.closed = true;
    for (const ledger of this.partitions.values()) ledger.settle(0);
  }

  /**
   * After a group join: partitions that moved to another member can no longer be committed by this one, and
   * kafkajs reads the kept ones again from their committed offsets, so their parts in flight no longer count.
   */
  groupJoined(assignment: Readonly<Record<string, readonly number[] | undefined>>): void {
    for (const [key, ledger] of this.partitions) {
      ledger.parts = [];
      ledger.resumeAt = undefined;
      if (!(assignment[ledger.topic] ?? []).includes(ledger.partition)) this.partitions.delete(key);
    }
  }

  snapshot(): OffsetSnapshot {
    const due: { ledger: PartitionLedger; upTo: bigint }[] = [];
    for (const ledger of this.partitions.values()) {
      const upTo = ledger.acknowledgedUpTo;
      if (upTo !== undefined && (ledger.committedUpTo === undefined || upTo > ledger.committedUpTo)) due.push({ ledger, upTo });
    }
    return {
      offsets: due.map(({ ledger, upTo }) => ({ topic: ledger.topic, partition: ledger.partition, offset: upTo.toString() })),
      committed: () => {
        for (const { ledger, upTo } of due) {
          if (ledger.committedUpTo === undefined || upTo > ledger.committedUpTo) ledger.committedUpTo = upTo;
        }
      },
    };
  }

  private partitionOf(topic: string, partition: number): PartitionLedger {
    const key = keyOf(topic, partition);
    let ledger = this.partitions.get(key);
    if (ledger === undefined) {
      ledger = new PartitionLedger(topic, partition);
      this.partitions.set(key, ledger);
    }
    return ledger;
  }
}

function keyOf(topic: string, partition: number): string {
  return `${topic}/${partition}`;
}
