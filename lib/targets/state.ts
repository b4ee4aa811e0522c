/**
 * Each target's newest sampling outcome (console.target_state): up or down, since when it has been down, why.
 * Written by the sampler every round, so a target that stops answering is down after one round and up again
 * at the first round that reaches it.
 */
import 'server-only';
import { getPrisma } from '../db';

export interface TargetState {
  target: string;
  up: boolean;
  checkedAt: Date;
  downSince: Date | null;
  error: string | null;
}

export async function recordTargetUp(target: string, at: Date): Promise<void> {
  await getPrisma().targetState.upsert({
    where: { target },
    create: { target, up: true, checkedAt: at },
    update: { up: true, checkedAt: at, downSince: null, error: null },
  });
}

/** Keeps the first moment it went down; `error` must already be free of secrets (AppError.userMessage). */
export async function recordTargetDown(target: string, at: Date, error: string): Promise<void> {
  await getPrisma().$executeRaw`
    INSERT INTO console.target_state (target, up, checked_at, down_since, error)
    VALUES (${target}, false, ${at}, ${at}, ${error})
    ON CONFLICT (target) DO UPDATE
    SET up = false,
        checked_at = excluded.checked_at,
        down_since = coalesce(console.target_state.down_since, excluded.down_since),
        error = excluded.error`;
}

export async function listTargetStates(): Promise<Map<string, TargetState>> {
  const rows = await getPrisma().targetState.findMany();
  return new Map(rows.map((row) => [row.target, row]));
}

/** States of targets no longer configured are dropped, so the fleet does not list them. */
export async function deleteTargetStatesExcept(targets: readonly string[]): Promise<void> {
  await getPrisma().targetState.deleteMany({ where: { target: { notIn: [...targets] } } });
}
