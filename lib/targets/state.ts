/**
 * Each target's newest sampling outcome (console.target_state): up or down, since when it has been down, why, how
 * many attempts in a row have failed, and since when the console has not sampled it in time. Written by the sampler
 * of the process that owns the target (lib/sampler/round-writes.ts): a target is down only after
 * TARGET_DOWN_AFTER_FAILURES failed attempts in a row (lib/sampler/schedule.ts), up again at the first attempt that
 * reaches it; while it is failing but not yet down, `up` stays true and `error` says why its last attempt failed.
 */
import 'server-only';
import { getPrisma } from '../db';
import type { Prisma } from '../generated/prisma/client';

export interface TargetState {
  target: string;
  up: boolean;
  checkedAt: Date;
  downSince: Date | null;
  error: string | null;
}

/** A target's state as stored, with what the sampler keeps for the false-down rule and the hand-over. */
export interface StoredTargetState extends TargetState {
  /** Consecutive failed attempts (the target is down from TARGET_DOWN_AFTER_FAILURES on). */
  failures: number;
  /** Since when the console could not sample it in time (its own saturation, not evidence about the target). */
  missedSince: Date | null;
  /** The console process (sampler_process.member_id) that made the last attempt. */
  sampledBy: number | null;
}

type StateWriter = Pick<Prisma.TransactionClient, 'targetState' | '$executeRaw'>;

/**
 * Writes the states of one round (every target it judged) in one statement, whatever their number; a down target
 * keeps the first moment it went down. Rows of other targets — another process's — are not touched. Timestamps go as
 * ISO text, cast in SQL, so that a null among them binds like any other element. `error` must be free of secrets.
 */
export async function writeTargetStates(
  states: readonly StoredTargetState[],
  writer: StateWriter = getPrisma(),
): Promise<void> {
  if (states.length === 0) return;
  const column = <T>(pick: (state: StoredTargetState) => T): T[] => states.map(pick);
  const time = (date: Date | null) => date?.toISOString() ?? null;
  await writer.$executeRaw`
    INSERT INTO console.target_state (target, up, checked_at, down_since, error, failures, missed_since, sampled_by)
    SELECT *
    FROM unnest(
      ${column((state) => state.target)}::text[],
      ${column((state) => state.up)}::boolean[],
      ${column((state) => time(state.checkedAt))}::timestamptz[],
      ${column((state) => time(state.downSince))}::timestamptz[],
      ${column((state) => state.error)}::text[],
      ${column((state) => state.failures)}::int[],
      ${column((state) => time(state.missedSince))}::timestamptz[],
      ${column((state) => state.sampledBy)}::int[]
    )
    ON CONFLICT (target) DO UPDATE
    SET up = excluded.up,
        checked_at = excluded.checked_at,
        down_since = CASE
          WHEN excluded.up THEN NULL
          ELSE coalesce(console.target_state.down_since, excluded.down_since)
        END,
        error = excluded.error,
        failures = excluded.failures,
        missed_since = excluded.missed_since,
        sampled_by = excluded.sampled_by`;
}

export async function listTargetStates(): Promise<Map<string, StoredTargetState>> {
  const rows = await getPrisma().targetState.findMany();
  return new Map(rows.map((row) => [row.target, row]));
}

/**
 * States of targets no longer configured are dropped, so the fleet does not list them. `targets` is the whole
 * registry (every process's targets), never one process's share.
 */
export async function deleteTargetStatesExcept(
  targets: readonly string[],
  writer: StateWriter = getPrisma(),
): Promise<void> {
  await writer.targetState.deleteMany({ where: { target: { notIn: [...targets] } } });
}
