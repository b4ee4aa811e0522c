/**
 * The change events and each target's last-seen state in the console store (prisma/migrations/
 * 20261205040000_change_events): written by the change task, read back by it after a console restart.
 */
import 'server-only';
import { z } from 'zod';
import { getPrisma } from '../../db';
import { parseRows, parseStored, timestamp } from '../../pg/rows';
import { observedStateSchema, type DetectedChange, type ObservedState } from './detect-changes';

/** The state the task last stored for `target`, or null before its first visit. */
export async function findChangeBaseline(target: string): Promise<{ seenAt: Date; state: ObservedState } | null> {
  const [row] = parseRows(
    z.object({ seenAt: timestamp, state: z.unknown() }),
    await getPrisma().$queryRawUnsafe(
      `SELECT seen_at AS "seenAt", state FROM console.change_baseline WHERE target = $1`,
      target,
    ),
  );
  return row
    ? { seenAt: row.seenAt, state: parseStored(observedStateSchema, row.state, `${target}'s change baseline`) }
    : null;
}

/**
 * Stores the events of one visit and the state they lead to, in one transaction: a visit whose events were not
 * stored must not move the baseline past them (the next visit finds them again), nor the other way round.
 */
export async function recordChanges(
  target: string,
  seenAt: Date,
  state: ObservedState,
  changes: readonly DetectedChange[],
): Promise<void> {
  await getPrisma().$transaction([
    getPrisma().$executeRawUnsafe(
      `INSERT INTO console.change_event (target, at, kind, summary, detail)
       SELECT $1, at, kind, summary, detail
       FROM unnest($2::timestamptz[], $3::text[], $4::text[], $5::jsonb[]) AS c(at, kind, summary, detail)`,
      target,
      changes.map((change) => change.at.toISOString()),
      changes.map((change) => change.kind),
      changes.map((change) => change.summary),
      changes.map((change) => JSON.stringify(change.detail)),
    ),
    getPrisma().$executeRawUnsafe(
      `INSERT INTO console.change_baseline (target, seen_at, state) VALUES ($1, $2::timestamptz, $3::jsonb)
       ON CONFLICT (target) DO UPDATE SET seen_at = excluded.seen_at, state = excluded.state`,
      target,
      seenAt,
      JSON.stringify(state),
    ),
  ]);
}

/** Deletes the events that happened before `before`, on every target (including targets since removed). */
export async function deleteChangeEventsBefore(before: Date): Promise<void> {
  await getPrisma().$executeRawUnsafe(`DELETE FROM console.change_event WHERE at < $1::timestamptz`, before);
}
