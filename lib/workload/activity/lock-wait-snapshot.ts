/**
 * A moment's lock waits, ready to store: one snapshot per blocking root (a session that blocks others without
 * waiting itself), with the tree under it (lib/monitoring/blocking-tree.ts). Statement text is normalised before
 * it is kept for weeks: literal values replaced (lib/audit/redact-query.ts) and cut to STATEMENT_TEXT_CHARS. Pure.
 */
import { redactQueryText } from '../../audit/redact-query';
import { buildBlockingTree, type BlockingNode } from '../../monitoring/blocking-tree';
import type { BlockingPair } from '../../pg/locks';

/** Enough to recognise a statement; pg_stat_activity.query itself stops at track_activity_query_size (1 kB). */
export const STATEMENT_TEXT_CHARS = 500;

export interface LockWaitSnapshot {
  rootPid: number;
  /** The root's backend_start: with its pid, it tells one session from a later one given the same pid. */
  rootStartedAt: Date | null;
  rootUser: string | null;
  /** Sessions waiting under the root (each counted once, however many paths lead to it). */
  waiting: number;
  /** The longest any of them has waited so far. */
  maxWaitSeconds: number;
  tree: BlockingNode;
}

/**
 * What redactQueryText cannot see: a literal or comment still open where pg_stat_activity cut the text (at
 * track_activity_query_size). Everything from its opening is dropped, so no part of a value is kept.
 */
const UNTERMINATED = /'|\$([A-Za-z_]\w*)?\$|\/\*/;

/** A statement's text fit to store: literals as `?`, comments gone, whitespace folded, at most STATEMENT_TEXT_CHARS. */
export function normaliseStatement(text: string): string {
  let redacted = redactQueryText(text).replace(/\s+/g, ' ');
  const open = UNTERMINATED.exec(redacted);
  if (open) redacted = `${redacted.slice(0, open.index)}?…`;
  return redacted.length > STATEMENT_TEXT_CHARS ? `${redacted.slice(0, STATEMENT_TEXT_CHARS - 1)}…` : redacted;
}

function normaliseTree(node: BlockingNode): BlockingNode {
  return { ...node, query: normaliseStatement(node.query), blocks: node.blocks.map(normaliseTree) };
}

function waitersOf(node: BlockingNode, into = new Map<number, number>()): Map<number, number> {
  for (const child of node.blocks) {
    into.set(child.pid, Math.max(into.get(child.pid) ?? 0, child.waitsFor?.waitingSeconds ?? 0));
    waitersOf(child, into);
  }
  return into;
}

export function toLockWaitSnapshots(pairs: readonly BlockingPair[]): LockWaitSnapshot[] {
  const startedAt = new Map(pairs.map((pair) => [pair.blockingPid, pair.blockingStartedAt]));
  return buildBlockingTree(pairs).map((root) => {
    const waiters = waitersOf(root);
    waiters.delete(root.pid);
    return {
      rootPid: root.pid,
      rootStartedAt: startedAt.get(root.pid) ?? null,
      rootUser: root.user,
      waiting: waiters.size,
      maxWaitSeconds: Math.max(0, ...waiters.values()),
      tree: normaliseTree(root),
    };
  });
}
