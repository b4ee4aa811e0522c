import { describe, expect, it } from 'vitest';
import type { StatementCounterInfo, StatementCounterRow } from '../../pg/statement-counters';
import { diffSnapshots, keepTop, toSnapshot, type StatementDelta } from './deltas';

const info = (readAt: number, extra: Partial<StatementCounterInfo> = {}): StatementCounterInfo => ({
  readAt,
  countersReadBy: readAt + 0.01,
  serverStartedAt: 1000,
  dealloc: 0,
  statsReset: 500,
  ...extra,
});

function entry(queryId: string, calls: number, totalMs: number, extra: Partial<StatementCounterRow> = {}) {
  return {
    queryId,
    userId: 10,
    dbId: 5,
    toplevel: true,
    calls,
    totalMs,
    rows: calls,
    sharedBlksHit: calls * 2,
    sharedBlksRead: 0,
    sharedBlksDirtied: 0,
    sharedBlksWritten: 0,
    tempBlksRead: 0,
    tempBlksWritten: 0,
    blkIoMs: 0,
    walBytes: 0,
    statsSince: null,
    ...extra,
  } satisfies StatementCounterRow;
}

const deltasOf = (outcome: ReturnType<typeof diffSnapshots>) =>
  outcome.kind === 'interval' ? Object.fromEntries(outcome.deltas.map((d) => [d.queryId, d.calls])) : outcome.reason;

describe('diffSnapshots', () => {
  it('counts the difference of each entry over the interval, by the server clock', () => {
    const before = toSnapshot(info(2000), [entry('1', 10, 100), entry('2', 5, 5)]);
    const after = toSnapshot(info(2060), [entry('1', 17, 170), entry('2', 5, 5), entry('3', 2, 1)]);
    const outcome = diffSnapshots(before, after, 150);
    expect(outcome).toMatchObject({ kind: 'interval', seconds: 60, restarted: 0, evicted: 0 });
    // 2 did not run; 3 is new since the previous read, so all of its calls are this interval's.
    expect(deltasOf(outcome)).toEqual({ '1': 7, '3': 2 });
  });

  it('starts a baseline on the first read, after a restart and after a gap (no spike)', () => {
    const before = toSnapshot(info(2000), [entry('1', 10, 100)]);
    expect(deltasOf(diffSnapshots(null, before, 150))).toBe('first');
    expect(
      deltasOf(diffSnapshots(before, toSnapshot(info(2060, { serverStartedAt: 2050 }), [entry('1', 12, 1)]), 150)),
    ).toBe('restart');
    expect(deltasOf(diffSnapshots(before, toSnapshot(info(2400), [entry('1', 900, 1)]), 150))).toBe('gap');
  });

  it('counts every entry from zero after a full reset: neither negative nor the old totals again', () => {
    const before = toSnapshot(info(2000), [entry('1', 1000, 100), entry('2', 50, 50)]);
    const after = toSnapshot(info(2060, { statsReset: 2030, dealloc: 0 }), [entry('1', 3, 1), entry('2', 60, 60)]);
    const outcome = diffSnapshots(before, after, 150);
    expect(deltasOf(outcome)).toEqual({ '1': 3, '2': 60 });
    expect(outcome).toMatchObject({ restarted: 2 });
  });

  it('does not count twice a reset that landed while the previous read was under way', () => {
    // Reset at 2000.005: after the previous read's reset time (2000) but before its counters (read by 2000.01),
    // which are post-reset; the next read must difference them, not count everything from zero again.
    const before = toSnapshot(info(2000), [entry('1', 3, 3)]);
    const after = toSnapshot(info(2060, { statsReset: 2000.005 }), [entry('1', 10, 10)]);
    expect(deltasOf(diffSnapshots(before, after, 150))).toEqual({ '1': 7 });
  });

  it('counts an entry that went backwards (evicted and entered again, or reset alone) from zero', () => {
    const before = toSnapshot(info(2000, { dealloc: 4 }), [entry('1', 1000, 100), entry('2', 10, 10)]);
    const after = toSnapshot(info(2060, { dealloc: 7 }), [entry('1', 4, 2), entry('2', 12, 12)]);
    const outcome = diffSnapshots(before, after, 150);
    expect(deltasOf(outcome)).toEqual({ '1': 4, '2': 2 });
    expect(outcome).toMatchObject({ restarted: 1, evicted: 3 });
  });

  it('uses stats_since (17+) to see a re-entry that already passed its old totals', () => {
    const before = toSnapshot(info(2000), [entry('1', 10, 10, { statsSince: 100 })]);
    const after = toSnapshot(info(2060), [entry('1', 25, 25, { statsSince: 2010 })]);
    expect(deltasOf(diffSnapshots(before, after, 150))).toEqual({ '1': 25 });
  });

  it('keeps statements apart by user and top level', () => {
    const before = toSnapshot(info(2000), [entry('1', 1, 1), entry('1', 1, 1, { userId: 11 })]);
    const after = toSnapshot(info(2060), [
      entry('1', 2, 2),
      entry('1', 4, 4, { userId: 11 }),
      entry('1', 9, 9, { toplevel: false }),
    ]);
    const outcome = diffSnapshots(before, after, 150);
    expect(outcome.kind === 'interval' && outcome.deltas.map((d) => [d.userId, d.toplevel, d.calls])).toEqual([
      [10, true, 1],
      [11, true, 3],
      [10, false, 9],
    ]);
  });
});

describe('keepTop', () => {
  it('keeps the top statements by time and sums the rest into one row', () => {
    const deltas = [entry('a', 1, 5), entry('b', 10, 50), entry('c', 3, 7), entry('d', 2, 1)] as StatementDelta[];
    const { kept, others } = keepTop(deltas, 2);
    expect(kept.map((d) => d.queryId)).toEqual(['b', 'c']);
    expect(others).toMatchObject({ calls: 3, totalMs: 6, rows: 3, sharedBlksHit: 6, walBytes: 0 });
    expect(keepTop(deltas, 10).others).toBeNull();
  });
});
