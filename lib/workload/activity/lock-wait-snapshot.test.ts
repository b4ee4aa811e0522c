import { describe, expect, it } from 'vitest';
import type { BlockingPair } from '../../pg/locks';
import { normaliseStatement, STATEMENT_TEXT_CHARS, toLockWaitSnapshots } from './lock-wait-snapshot';

const started = new Date('2026-12-05T09:00:00Z');
const pair = (blockedPid: number, blockingPid: number, waitingSeconds = 1): BlockingPair => ({
  blockedPid,
  blockingPid,
  lockMode: 'ShareLock',
  lockType: 'transactionid',
  relation: null,
  waitingSeconds,
  blockedQuery: `UPDATE t SET v = 'secret ${blockedPid}' WHERE id = 7`,
  blockingQuery: `UPDATE t SET v = 'other' WHERE id = 7`,
  blockingState: 'idle in transaction',
  blockedUser: `u${blockedPid}`,
  blockingUser: `u${blockingPid}`,
  blockingStartedAt: started,
});

describe('normaliseStatement', () => {
  it('replaces literal values and drops comments', () => {
    expect(normaliseStatement("SELECT * FROM users /* token abc */ WHERE email = 'a@b.c' AND id = 12")).toBe(
      'SELECT * FROM users WHERE email = ? AND id = ?',
    );
  });

  it('drops a literal cut off by track_activity_query_size, and everything after it', () => {
    expect(normaliseStatement("UPDATE t SET v = 'half a secr")).toBe('UPDATE t SET v = ?…');
    expect(normaliseStatement('DO $body$ BEGIN PERFORM 1')).toBe('DO ?…');
    expect(normaliseStatement('SELECT 1 /* unfinished comment')).toBe('SELECT ? ?…');
  });

  it('keeps parameters and cuts long text', () => {
    expect(normaliseStatement('SELECT * FROM t WHERE id = $1')).toBe('SELECT * FROM t WHERE id = $1');
    const long = normaliseStatement(`SELECT ${'column_name, '.repeat(100)} x FROM t`);
    expect(long).toHaveLength(STATEMENT_TEXT_CHARS);
    expect(long.endsWith('…')).toBe(true);
  });
});

describe('toLockWaitSnapshots', () => {
  it('makes one snapshot per root, counting each waiter once, with its users, start and normalised tree', () => {
    const [snapshot, ...others] = toLockWaitSnapshots([pair(2, 1, 4), pair(3, 2, 2), pair(3, 1, 3), pair(4, 1, 1)]);
    expect(others).toEqual([]);
    expect(snapshot).toMatchObject({
      rootPid: 1,
      rootStartedAt: started,
      rootUser: 'u1',
      waiting: 3,
      maxWaitSeconds: 4,
    });
    expect(snapshot.tree.query).toBe('UPDATE t SET v = ? WHERE id = ?');
    expect(snapshot.tree.blocks.map((node) => [node.pid, node.user, node.query])).toEqual([
      [2, 'u2', 'UPDATE t SET v = ? WHERE id = ?'],
      [3, 'u3', 'UPDATE t SET v = ? WHERE id = ?'],
      [4, 'u4', 'UPDATE t SET v = ? WHERE id = ?'],
    ]);
    expect(JSON.stringify(snapshot)).not.toContain('secret');
  });

  it('makes separate snapshots for separate roots, and none without waits', () => {
    expect(toLockWaitSnapshots([pair(2, 1), pair(4, 3)]).map((s) => [s.rootPid, s.waiting])).toEqual([
      [1, 1],
      [3, 1],
    ]);
    expect(toLockWaitSnapshots([])).toEqual([]);
  });
});
