import { describe, expect, it } from 'vitest';
import { OffsetLedger } from './offset-ledger.js';

describe('OffsetLedger', () => {
  it('has nothing to commit before a delivery', () => {
    expect(new OffsetLedger().snapshot().offsets).toEqual([]);
  });

  it('commits the offset after the last delivered batch of each partition (offsets beyond 2^53 too)', () => {
    const ledger = new OffsetLedger();
    ledger.delivered('t', 0, '9');
    ledger.delivered('t', 1, '99');
    ledger.delivered('t', 0, '19');
    ledger.delivered('u', 0, '9007199254740993');
    expect(ledger.snapshot().offsets).toEqual([
      { topic: 't', partition: 0, offset: '20' },
      { topic: 't', partition: 1, offset: '100' },
      { topic: 'u', partition: 0, offset: '9007199254740994' },
    ]);
  });

  it('keeps the offsets until the commit of their snapshot succeeded', () => {
    const ledger = new OffsetLedger();
    ledger.delivered('t', 0, '9');
    const snapshot = ledger.snapshot();
    // A failed commit: the next round commits the same offsets again.
    expect(ledger.snapshot().offsets).toEqual(snapshot.offsets);
    snapshot.committed();
    expect(ledger.snapshot().offsets).toEqual([]);
  });

  it('keeps what was delivered after a snapshot when that snapshot is committed', () => {
    const ledger = new OffsetLedger();
    ledger.delivered('t', 0, '9');
    ledger.delivered('t', 1, '4');
    const snapshot = ledger.snapshot();
    ledger.delivered('t', 0, '19');
    snapshot.committed();
    expect(ledger.snapshot().offsets).toEqual([{ topic: 't', partition: 0, offset: '20' }]);
  });

  it('drops the offsets of partitions assigned away by a rebalance', () => {
    const ledger = new OffsetLedger();
    ledger.delivered('t', 0, '9');
    ledger.delivered('t', 1, '9');
    ledger.delivered('u', 0, '9');
    ledger.keepAssigned({ t: [1] });
    expect(ledger.snapshot().offsets).toEqual([{ topic: 't', partition: 1, offset: '10' }]);
  });
});
