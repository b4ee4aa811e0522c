/**
 * What the on-call glance shows for one target: whether the server answers, the tiles, and the figures — the
 * current ones, or, while the target (or the console store holding the samples) is unreachable, the last known
 * ones with their time. Reads go through the fleet (lib/targets/fleet.ts): one read of the console store per
 * process per few seconds, whatever the number of viewers, and this process's own sampler or the last read when
 * the store is down.
 */
import 'server-only';
import { getEnv } from '../env';
import { AppError } from '../errors';
import type { Sample } from '../sampler/sample';
import { isStoreUnavailable } from '../store/last-known';
import { primaryOutageFromStore } from '../store/outage';
import { getFleetView, type FleetMember } from '../targets/fleet';
import { PRIMARY_TARGET } from '../targets/target-list';
import { configuredThresholds } from './thresholds';
import { evaluateGlance, worstStatus, type Tile, type TileStatus } from './glance-rules';

export interface Glance {
  status: TileStatus;
  /** null when it is not known (the console store cannot be read and this process does not sample). */
  reachable: boolean | null;
  unreachableSince: string | null;
  error: string | null;
  /** Current figures only: null while the target does not answer. */
  sample: Sample | null;
  /** While the target does not answer (or is not known): its last figures, to be shown greyed with their time. */
  lastKnown: Sample | null;
  /** Set when the figures come from memory because the console store cannot be read: says from where and when. */
  basisNote: string | null;
  tiles: Tile[];
  checkedAt: string;
}

interface TargetView {
  reachable: boolean | null;
  unreachableSince: string | null;
  error: string | null;
  sample: Sample | null;
  basisNote: string | null;
}

/**
 * The target as the fleet has it. Not sampled lately (the console's own lateness, or no sampler running) is not
 * known, never down: the "last sample" tile shows how old the figures are. So is a target no round has reached yet.
 */
function fromMember(member: FleetMember): Omit<TargetView, 'basisNote'> {
  const down = member.state === 'down';
  const unknown = member.state === 'not-sampled' || member.state === 'unknown';
  return {
    reachable: unknown ? null : !down,
    unreachableSince: down ? member.downSince : null,
    error: down || unknown ? (member.error ?? 'Not sampled yet: no round has reached it.') : null,
    sample: member.sample,
  };
}

/** Neither the store nor this process's sampler can say: the primary holding the store is down; the rest unknown. */
function withoutFleet(target: string, error: unknown): TargetView {
  const outage = primaryOutageFromStore();
  const message = error instanceof AppError ? error.userMessage : 'The console database cannot be read.';
  if (target === PRIMARY_TARGET && outage) {
    return {
      reachable: false,
      unreachableSince: outage.since.toISOString(),
      error: outage.error,
      sample: null,
      basisNote: null,
    };
  }
  return { reachable: null, unreachableSince: null, error: `Not known: ${message}`, sample: null, basisNote: null };
}

async function readTargetView(target: string, now: Date): Promise<TargetView> {
  try {
    const view = await getFleetView(now);
    const member = view.members.find((candidate) => candidate.name === target);
    if (!member) throw new AppError('not_found', `There is no target named "${target}".`);
    const basisNote =
      view.basis === 'store'
        ? null
        : view.basis === 'sampler'
          ? "The console database cannot be read: figures from this console's own sampler."
          : `The console database cannot be read: last known state as of ${view.asOf.toISOString()}.`;
    return { ...fromMember(member), basisNote };
  } catch (error) {
    if (!isStoreUnavailable(error)) throw error;
    return withoutFleet(target, error);
  }
}

export async function loadGlance(target = PRIMARY_TARGET, now = new Date()): Promise<Glance> {
  const view = await readTargetView(target, now);
  const tiles = evaluateGlance({ ...view, now }, configuredThresholds(getEnv()));
  const current = view.reachable === true;
  return {
    status: worstStatus(tiles.map((tile) => tile.status)),
    reachable: view.reachable,
    unreachableSince: view.unreachableSince,
    error: view.error,
    sample: current ? view.sample : null,
    lastKnown: current ? null : view.sample,
    basisNote: view.basisNote,
    tiles,
    checkedAt: now.toISOString(),
  };
}
