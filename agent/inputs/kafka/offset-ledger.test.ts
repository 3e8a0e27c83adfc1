import { describe, expect, it } from 'vitest';
import { OffsetLedger } from './offset-ledger.js';

describe('OffsetLedger', () => {
  it('has nothing to commit before an acknowledgement', () => {
    const ledger = new OffsetLedger();
    ledger.admit('t', 0, '0', '9', 10);
    expect(ledger.snapshot().offsets).toEqual([]);
  });

  it('commits the offset after the last acknowledged part of each partition (offsets beyond 2^53 too)', () => {
    const ledger = new OffsetLedger();
    ledger.admit('t', 0, '0', '9', 1).acknowledged();
    ledger.admit('t', 1, '0', '99', 1).acknowledged();
    ledger.admit('t', 0, '10', '19', 1).acknowledged();
    ledger.admit('u', 0, '9007199254740990', '9007199254740993', 1).acknowledged();
    expect(ledger.snapshot().offsets).toEqual([
      { topic: 't', partition: 0, offset: '20' },
      { topic: 't', partition: 1, offset: '100' },
      { topic: 'u', partition: 0, offset: '9007199254740994' },
    ]);
  });

  it('moves the offset only over the contiguous acknowledged prefix when parts are acknowledged out of order', () => {
    const ledger = new OffsetLedger();
    const first = ledger.admit('t', 0, '0', '9', 1);
    const second = ledger.admit('t', 0, '10', '19', 1);
    const third = ledger.admit('t', 0, '20', '29', 1);
    third.acknowledged();
    expect(ledger.snapshot().offsets).toEqual([]);
    first.acknowledged();
    expect(ledger.snapshot().offsets).toEqual([{ topic: 't', partition: 0, offset: '10' }]);
    second.acknowledged();
    expect(ledger.snapshot().offsets).toEqual([{ topic: 't', partition: 0, offset: '30' }]);
  });

  it('names the first unacknowledged offset on a failure and no longer counts the parts in flight after it', () => {
    const ledger = new OffsetLedger();
    ledger.admit('t', 0, '0', '9', 1).acknowledged();
    const second = ledger.admit('t', 0, '10', '19', 1);
    const third = ledger.admit('t', 0, '20', '29', 1);
    const fourth = ledger.admit('t', 0, '30', '39', 1);
    // A later part fails while an earlier one is still in flight: read again from the earliest.
    expect(third.failed()).toBe('10');
    expect([second.current(), third.current(), fourth.current()]).toEqual([false, false, false]);
    // Their late acknowledgements do not move the offset past what was never delivered.
    fourth.acknowledged();
    second.acknowledged();
    expect(ledger.snapshot().offsets).toEqual([{ topic: 't', partition: 0, offset: '10' }]);
    // The partition read again from 10 is tracked afresh.
    const reread = ledger.admit('t', 0, '10', '19', 1);
    expect(reread.current()).toBe(true);
    reread.acknowledged();
    expect(ledger.snapshot().offsets).toEqual([{ topic: 't', partition: 0, offset: '20' }]);
  });

  it('ignores a failure of a part whose partition was already restarted, and a second settle of a part', () => {
    const ledger = new OffsetLedger();
    const first = ledger.admit('t', 0, '0', '9', 1);
    const second = ledger.admit('t', 0, '10', '19', 1);
    expect(first.failed()).toBe('0');
    expect(second.failed()).toBeUndefined();
    const again = ledger.admit('t', 0, '0', '9', 1);
    again.acknowledged();
    expect(again.failed()).toBeUndefined();
    expect(ledger.snapshot().offsets).toEqual([{ topic: 't', partition: 0, offset: '10' }]);
  });

  it('after a failure, names a part that is not the re-read as misplaced until the re-read arrives', () => {
    const ledger = new OffsetLedger();
    ledger.admit('t', 0, '0', '9', 1).acknowledged();
    expect(ledger.misplaced('t', 0, '10')).toBeUndefined();
    expect(ledger.admit('t', 0, '10', '19', 1).failed()).toBe('10');
    // The fetch position moved on past the gap (a seek that did not happen): not admitted.
    expect(ledger.misplaced('t', 0, '20')).toBe('10');
    expect(ledger.misplaced('t', 1, '20')).toBeUndefined();
    expect(ledger.misplaced('t', 0, '10')).toBeUndefined();
    ledger.admit('t', 0, '10', '19', 1).acknowledged();
    expect(ledger.misplaced('t', 0, '20')).toBeUndefined();
    expect(ledger.snapshot().offsets).toEqual([{ topic: 't', partition: 0, offset: '20' }]);
    // A group join reads from the commit instead.
    expect(ledger.admit('t', 0, '20', '29', 1).failed()).toBe('20');
    ledger.groupJoined({ t: [0] });
    expect(ledger.misplaced('t', 0, '15')).toBeUndefined();
  });

  it('moves the resume point forward past offsets the broker no longer holds, and commits past them once the re-read is delivered', () => {
    const ledger = new OffsetLedger();
    ledger.admit('t', 0, '0', '9', 1).acknowledged();
    expect(ledger.admit('t', 0, '10', '19', 1).failed()).toBe('10');
    ledger.resumeFrom('t', 0, '5');
    expect(ledger.misplaced('t', 0, '15')).toBe('10');
    ledger.resumeFrom('t', 0, '15');
    expect(ledger.misplaced('t', 0, '10')).toBe('15');
    expect(ledger.misplaced('t', 0, '15')).toBeUndefined();
    ledger.admit('t', 0, '15', '19', 1).acknowledged();
    expect(ledger.snapshot().offsets).toEqual([{ topic: 't', partition: 0, offset: '20' }]);
    // Without a failure there is nothing to move.
    ledger.resumeFrom('t', 0, '30');
    expect(ledger.misplaced('t', 0, '20')).toBeUndefined();
  });

  it('keeps the offsets until the commit of their snapshot succeeded', () => {
    const ledger = new OffsetLedger();
    ledger.admit('t', 0, '0', '9', 1).acknowledged();
    const snapshot = ledger.snapshot();
    // A failed commit: the next round commits the same offsets again.
    expect(ledger.snapshot().offsets).toEqual(snapshot.offsets);
    snapshot.committed();
    expect(ledger.snapshot().offsets).toEqual([]);
  });

  it('keeps what was acknowledged after a snapshot when that snapshot is committed', () => {
    const ledger = new OffsetLedger();
    ledger.admit('t', 0, '0', '9', 1).acknowledged();
    ledger.admit('t', 1, '0', '4', 1).acknowledged();
    const snapshot = ledger.snapshot();
    ledger.admit('t', 0, '10', '19', 1).acknowledged();
    snapshot.committed();
    expect(ledger.snapshot().offsets).toEqual([{ topic: 't', partition: 0, offset: '20' }]);
  });

  it('drops partitions assigned away by a rebalance and restarts the tracking of those kept', () => {
    const ledger = new OffsetLedger();
    ledger.admit('t', 0, '0', '9', 1).acknowledged();
    ledger.admit('t', 1, '0', '9', 1).acknowledged();
    const inFlight = ledger.admit('t', 1, '10', '19', 1);
    ledger.admit('u', 0, '0', '9', 1).acknowledged();
    ledger.groupJoined({ t: [1] });
    expect(inFlight.current()).toBe(false);
    inFlight.acknowledged();
    expect(ledger.snapshot().offsets).toEqual([{ topic: 't', partition: 1, offset: '10' }]);
    // kafkajs reads a kept partition again from its commit: re-read parts never move the offset back.
    ledger.admit('t', 1, '0', '4', 1).acknowledged();
    expect(ledger.snapshot().offsets).toEqual([{ topic: 't', partition: 1, offset: '10' }]);
  });

  it('waits for room while a partition has its bound of bytes in flight, and lets one part through whatever its size', async () => {
    const ledger = new OffsetLedger(100);
    await ledger.whenRoom('t', 0, 500);
    const big = ledger.admit('t', 0, '0', '9', 500);
    // Another partition has its own bound.
    await ledger.whenRoom('t', 1, 60);
    let roomed = false;
    const waiting = ledger.whenRoom('t', 0, 60).then(() => (roomed = true));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(roomed).toBe(false);
    big.acknowledged();
    await waiting;
    expect(roomed).toBe(true);
  });

  it('counts a failed part as settled for the bound, and stops waiting when closed', async () => {
    const ledger = new OffsetLedger(100);
    const part = ledger.admit('t', 0, '0', '9', 80);
    const waiting = ledger.whenRoom('t', 0, 40);
    part.failed();
    await waiting;
    ledger.admit('t', 0, '0', '9', 80);
    expect(ledger.hasRoom('t', 0, 40)).toBe(false);
    const closing = ledger.whenRoom('t', 0, 40);
    ledger.close();
    await closing;
    expect(ledger.hasRoom('t', 0, 40)).toBe(true);
  });
});
