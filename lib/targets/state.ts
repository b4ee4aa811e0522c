/**
 * Each target's newest sampling outcome (console.target_state): up or down, since when it has been down, why.
 * Written by the sampler with every round (lib/sampler/round-writes.ts), so a target that stops answering is down
 * after one round and up again at the first round that reaches it.
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

/** Writes outcomes; a down target keeps the first moment it went down. `error` must be free of secrets. */
export async function writeTargetStates(
  states: readonly TargetState[],
  writer: StateWriter = getPrisma(),
): Promise<void> {
  for (const { target, up, checkedAt, downSince, error } of states) {
    if (up) {
      await writer.targetState.upsert({
        where: { target },
        create: { target, up: true, checkedAt },
        update: { up: true, checkedAt, downSince: null, error: null },
      });
    } else {
      await writer.$executeRaw`
        INSERT INTO console.target_state (target, up, checked_at, down_since, error)
        VALUES (${target}, false, ${checkedAt}, ${downSince ?? checkedAt}, ${error})
        ON CONFLICT (target) DO UPDATE
        SET up = false,
            checked_at = excluded.checked_at,
            down_since = coalesce(console.target_state.down_since, excluded.down_since),
            error = excluded.error`;
    }
  }
}

export async function listTargetStates(): Promise<Map<string, StoredTargetState>> {
  const rows = await getPrisma().targetState.findMany();
  return new Map(rows.map((row) => [row.target, row]));
}

/** States of targets no longer configured are dropped, so the fleet does not list them. */
export async function deleteTargetStatesExcept(
  targets: readonly string[],
  writer: StateWriter = getPrisma(),
): Promise<void> {
  await writer.targetState.deleteMany({ where: { target: { notIn: [...targets] } } });
}
