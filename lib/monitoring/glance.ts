/**
 * What the on-call glance shows for one target: the latest sample, whether the server answers, and the tiles.
 * Reads go through the fleet's shared cache (one read of the console schema per process per few seconds,
 * whatever the number of viewers). "Unreachable since" of the console's own database is remembered per process
 * from the first failed read; another target's comes from the sampler (console.target_state).
 */
import 'server-only';
import { getEnv } from '../env';
import { AppError } from '../errors';
import { toAppError } from '../pg/client';
import type { Sample } from '../sampler/sample';
import { readFleetCached, type FleetMember } from '../targets/fleet';
import { PRIMARY_TARGET } from '../targets/target-list';
import { configuredThresholds } from './thresholds';
import { evaluateGlance, worstStatus, type Tile, type TileStatus } from './glance-rules';

export interface Glance {
  status: TileStatus;
  reachable: boolean;
  unreachableSince: string | null;
  error: string | null;
  sample: Sample | null;
  tiles: Tile[];
  checkedAt: string;
}

export interface LatestSampleRead {
  sample: Sample | null;
  reachable: boolean;
  unreachableSince: Date | null;
  error: string | null;
}

/**
 * Reads the latest sample and remembers since when reads have been failing; the first successful read clears it,
 * so the glance recovers by itself when the database returns.
 */
export function createLatestSampleReader(readLatest: () => Promise<Sample | null>) {
  let unreachableSince: Date | null = null;
  return async (now: Date): Promise<LatestSampleRead> => {
    try {
      const sample = await readLatest();
      unreachableSince = null;
      return { sample, reachable: true, unreachableSince, error: null };
    } catch (cause) {
      const appError = cause instanceof AppError ? cause : toAppError(cause);
      unreachableSince ??= now;
      return { sample: null, reachable: false, unreachableSince, error: appError.userMessage };
    }
  };
}

/**
 * A target as the glance sees it. Samples live in the primary's console schema: when that cannot be read, every
 * target is unknown and the glance says the console's database is unreachable; otherwise the target's own
 * sampling outcome (lib/targets/fleet.ts) says whether it is up.
 */
async function readTarget(target: string): Promise<FleetMember | undefined> {
  return (await readFleetCached()).find((member) => member.name === target);
}

const readPrimaryStore = createLatestSampleReader(async () => (await readTarget(PRIMARY_TARGET))?.sample ?? null);

export async function getGlance(target = PRIMARY_TARGET, now = new Date()): Promise<Glance> {
  const env = getEnv();
  const store = await readPrimaryStore(now);
  const member = store.reachable ? await readTarget(target) : undefined;
  if (store.reachable && !member) throw new AppError('not_found', `There is no target named "${target}".`);
  // Reading the store just reached the primary, so a stale round there means a stopped sampler, which the
  // "last sample" tile reports; for any other target a stale round leaves its state unknown, shown as down.
  const down = member?.up === false && !(target === PRIMARY_TARGET && member.stale);
  const reachable = store.reachable && !down;
  const unreachableSince = store.reachable ? (down ? member!.downSince : null) : (store.unreachableSince?.toISOString() ?? null);
  const error = store.reachable ? (down ? member!.error : null) : store.error;
  const sample = member?.sample ?? null;
  const tiles = evaluateGlance({ reachable, unreachableSince, error, sample, now }, configuredThresholds(env));
  return {
    status: worstStatus(tiles.map((tile) => tile.status)),
    reachable,
    unreachableSince,
    error,
    // Only current figures are shown; a down target's last sample still dates the "last sample" tile.
    sample: reachable ? sample : null,
    tiles,
    checkedAt: now.toISOString(),
  };
}
