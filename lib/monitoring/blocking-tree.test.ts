import { describe, expect, it } from 'vitest';
import type { BlockingPair } from '../pg/locks';
import { buildBlockingTree } from './blocking-tree';

const pair = (blockedPid: number, blockingPid: number): BlockingPair => ({
  blockedPid,
  blockingPid,
  lockMode: 'ShareLock',
  lockType: 'transactionid',
  relation: null,
  waitingSeconds: 1,
  blockedQuery: `q${blockedPid}`,
  blockingQuery: `q${blockingPid}`,
  blockingState: 'active',
  blockedUser: `u${blockedPid}`,
  blockingUser: `u${blockingPid}`,
  blockingStartedAt: null,
});

describe('buildBlockingTree', () => {
  it('roots the tree at sessions that block without waiting', () => {
    const tree = buildBlockingTree([pair(2, 1), pair(3, 2), pair(4, 1)]);
    expect(tree.map((n) => n.pid)).toEqual([1]);
    expect(tree[0].blocks.map((n) => n.pid)).toEqual([2, 4]);
    expect(tree[0].blocks[0].blocks.map((n) => n.pid)).toEqual([3]);
    expect([tree[0].user, tree[0].blocks[0].user]).toEqual(['u1', 'u2']);
  });

  it('shows a cycle once instead of recursing forever', () => {
    const tree = buildBlockingTree([pair(1, 2), pair(2, 1)]);
    expect(tree).toHaveLength(1);
    expect(tree[0].pid).toBe(1);
    expect(tree[0].blocks[0].pid).toBe(2);
    expect(tree[0].blocks[0].blocks).toEqual([]);
  });

  it('is empty without lock waits', () => expect(buildBlockingTree([])).toEqual([]));
});
