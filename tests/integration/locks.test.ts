/** Locks: a lock wait is created for real, then the report must show the right pair, mode and relation. */
import { describe, expect, it } from 'vitest';
import { buildBlockingTree } from '@/lib/monitoring/blocking-tree';
import { countLocksByMode, findBlockingPairs } from '@/lib/pg/locks';
import { backendPid, openSession, waitForState } from '../support/sessions';
import { withClient } from '../support/sql';

describe('locks', () => {
  it('shows a lock wait as the right blocked/blocking pair, with mode and relation, and as a tree', async () => {
    const holder = await openSession('locks-holder');
    const waiter = await openSession('locks-waiter');
    const holderPid = await backendPid(holder);
    const waiterPid = await backendPid(waiter);
    await holder.query('BEGIN');
    await holder.query('LOCK TABLE cache_metadata IN ACCESS EXCLUSIVE MODE');
    const waiting = waiter.query('SELECT count(*) FROM cache_metadata');
    try {
      await waitForState(waiterPid, 'active', 'Lock');
      const pairs = await findBlockingPairs();
      expect(pairs).toEqual([
        expect.objectContaining({
          blockedPid: waiterPid,
          blockingPid: holderPid,
          lockMode: 'AccessShareLock',
          lockType: 'relation',
          relation: 'cache_metadata',
          blockingState: 'idle in transaction',
        }),
      ]);
      expect(buildBlockingTree(pairs)).toEqual([
        expect.objectContaining({
          pid: holderPid,
          blocks: [
            expect.objectContaining({
              pid: waiterPid,
              waitsFor: expect.objectContaining({ lockMode: 'AccessShareLock', relation: 'cache_metadata' }),
            }),
          ],
        }),
      ]);
      // Counted while the lock is held: the holder's AccessExclusiveLock and the waiter's ungranted AccessShareLock.
      const counts = await countLocksByMode();
      const expected = await withClient(
        async (c) =>
          (
            await c.query<{ mode: string; n: number }>(
              `SELECT lower(mode) AS mode, count(*)::int AS n FROM pg_locks l JOIN pg_database d ON d.oid = l.database
               WHERE d.datname = current_database() AND l.pid = ANY($1) GROUP BY 1`,
              [[holderPid, waiterPid]],
            )
          ).rows,
      );
      for (const { mode, n } of expected) expect(counts[mode]).toBeGreaterThanOrEqual(n);
      expect(counts.accessexclusivelock).toBeGreaterThanOrEqual(1);
    } finally {
      await holder.query('ROLLBACK');
      await waiting;
      await Promise.all([holder.end(), waiter.end()]);
    }
  });
});
