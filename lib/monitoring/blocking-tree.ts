/**
 * Turns blocking pairs into a tree: roots are sessions that block others without waiting themselves (the ones to
 * look at first), children are the sessions waiting on them. A session waiting on several blockers appears under
 * each. Cycles (deadlocks the server has not yet broken) are cut where they close.
 */
import type { BlockingPair } from '../pg/locks';

export interface BlockingNode {
  pid: number;
  /** pg_stat_activity.usename; null where the monitoring role may not see it. */
  user: string | null;
  query: string;
  /** How this node waits on its parent; absent on roots. */
  waitsFor?: { lockMode: string | null; relation: string | null; waitingSeconds: number };
  blocks: BlockingNode[];
}

export function buildBlockingTree(pairs: readonly BlockingPair[]): BlockingNode[] {
  const blockedBy = new Map<number, BlockingPair[]>();
  const blocking = new Map<number, BlockingPair[]>();
  const queries = new Map<number, string>();
  const users = new Map<number, string | null>();
  for (const pair of pairs) {
    (blocking.get(pair.blockingPid) ?? blocking.set(pair.blockingPid, []).get(pair.blockingPid)!).push(pair);
    (blockedBy.get(pair.blockedPid) ?? blockedBy.set(pair.blockedPid, []).get(pair.blockedPid)!).push(pair);
    queries.set(pair.blockedPid, pair.blockedQuery);
    queries.set(pair.blockingPid, pair.blockingQuery);
    users.set(pair.blockedPid, pair.blockedUser);
    users.set(pair.blockingPid, pair.blockingUser);
  }
  const build = (pid: number, path: Set<number>, via?: BlockingPair): BlockingNode => ({
    pid,
    user: users.get(pid) ?? null,
    query: queries.get(pid) ?? '',
    waitsFor: via && { lockMode: via.lockMode, relation: via.relation, waitingSeconds: via.waitingSeconds },
    blocks: (blocking.get(pid) ?? [])
      .filter((pair) => !path.has(pair.blockedPid))
      .map((pair) => build(pair.blockedPid, new Set([...path, pair.blockedPid]), pair)),
  });
  let roots = [...blocking.keys()].filter((pid) => !blockedBy.has(pid));
  // Only cycles: start from the lowest pid so the cycle is still shown.
  if (roots.length === 0 && blocking.size > 0) roots = [Math.min(...blocking.keys())];
  return roots.sort((a, b) => a - b).map((pid) => build(pid, new Set([pid])));
}
