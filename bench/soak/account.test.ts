import { describe, expect, it } from 'vitest';
import { settleAccount, type Findings } from './account.js';

const specs = [
  { name: 'tickets', prefix: 't', written: 4 },
  { name: 'nginx', prefix: 'n', written: 3 },
];

function findings(partial: Partial<Findings>): Findings {
  return { store: [], raw: [], storeDeadLetters: [], rawDeadLetters: [], ...partial };
}

const once = (ids: string[]): [string, number][] => ids.map((id) => [id, 1]);
const all = ['t-0', 't-1', 't-2', 't-3', 'n-0', 'n-1', 'n-2'];

describe('settleAccount', () => {
  it('balances when every event is stored once in both outputs', () => {
    const account = settleAccount(specs, findings({ store: once(all), raw: once(all) }));
    expect(account.total).toEqual({ written: 7, stored: 7, deadLettered: 0, missing: 0, storedTwice: 0, duplicates: 0, rawMissing: 0 });
    expect(account.zeroLoss).toBe(true);
    expect(account.unexpected).toBe(0);
  });

  it('counts every delivery beyond the first in the raw copy as a duplicate', () => {
    const raw: [string, number][] = [...once(all.filter((id) => id !== 't-1' && id !== 'n-2')), ['t-1', 3], ['n-2', 2]];
    const account = settleAccount(specs, findings({ store: once(all), raw }));
    expect(account.streams.map((s) => [s.name, s.duplicates])).toEqual([
      ['tickets', 2],
      ['nginx', 1],
    ]);
    expect(account.total.duplicates).toBe(3);
    expect(account.zeroLoss).toBe(true);
  });

  it('names what is missing and fails the bar; dead letters count as delivered', () => {
    const stored = all.filter((id) => id !== 't-2' && id !== 'n-0' && id !== 'n-1');
    const account = settleAccount(specs, findings({ store: once(stored), raw: once(all.filter((id) => id !== 'n-1')), storeDeadLetters: ['n-1'], rawDeadLetters: ['n-1'] }));
    const tickets = account.streams.find((s) => s.name === 'tickets');
    const nginx = account.streams.find((s) => s.name === 'nginx');
    expect(tickets).toMatchObject({ stored: 3, missing: 1, firstMissing: [2], rawMissing: 0 });
    expect(nginx).toMatchObject({ stored: 1, deadLettered: 1, missing: 1, firstMissing: [0], rawMissing: 0 });
    expect(account.zeroLoss).toBe(false);
  });

  it('counts ids the load never wrote apart, and does not take them for stored events', () => {
    const account = settleAccount(specs, findings({ store: [...once(all), ['t-4', 1], ['x-1', 1], ['t-01', 1], ['', 2]], raw: once(all) }));
    expect(account.unexpected).toBe(4);
    expect(account.total.stored).toBe(7);
  });

  it('flags an id stored twice in the store, where the id is the _id and that cannot happen', () => {
    const account = settleAccount(specs, findings({ store: [...once(all.slice(1)), ['t-0', 2]], raw: once(all) }));
    expect(account.total.storedTwice).toBe(1);
    expect(account.zeroLoss).toBe(false);
  });

  it('fails the bar when the raw copy lost an event that the store has', () => {
    const account = settleAccount(specs, findings({ store: once(all), raw: once(all.slice(1)) }));
    expect(account.total.rawMissing).toBe(1);
    expect(account.zeroLoss).toBe(false);
  });
});
