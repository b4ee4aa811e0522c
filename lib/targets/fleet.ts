/**
 * The fleet as viewers see it: every configured target with its newest sampling outcome and sample. Read from
 * the console store through the shared cache (one read per process per few seconds however many viewers);
 * never from the targets themselves. While the store cannot be read, it comes from this process's own sampler
 * when it is the one sampling (lib/sampler/live-fleet.ts), else from the last read of the store, labelled as such.
 */
import 'server-only';
import { getEnv } from '../env';
import { formatClock } from '../format';
import { isSampleFresh, LATEST_SAMPLE_TTL_MS } from '../monitoring/freshness';
import type { Sample } from '../sampler/sample';
import { processSamplerState } from '../sampler/sampler-state';
import { findLatestSamples } from '../sampler/store';
import { isStoreUnavailable, readKnown } from '../store/last-known';
import { primaryOutageFromStore } from '../store/outage';
import { getTargetRegistry, type TargetSource } from './registry';
import { listTargetStates, type TargetState } from './state';
import { PRIMARY_TARGET } from './target-list';

export type TargetRole = 'primary' | 'replica';

/** The fleet's entry in the shared cache (the sampler drops it after writing a round). */
export const FLEET_CACHE_KEY = 'fleet';

export interface FleetMember {
  name: string;
  source: TargetSource;
  /** Up when the newest round reached it and that round is recent; null before its first round or when unknown. */
  up: boolean | null;
  /** The newest round is too old to judge by: the sampler has stopped (not the target, necessarily). */
  stale: boolean;
  checkedAt: string | null;
  downSince: string | null;
  /** Why it is down (or unknown), free of secrets. */
  error: string | null;
  /** Its newest successful sample (possibly older than checkedAt when it is down). */
  sample: Sample | null;
  role: TargetRole | null;
}

/**
 * Where the fleet's figures come from: the console store (normally); this process's sampler (the store is
 * unreachable and this process samples); or the last read of the store (unreachable, and this process does not
 * sample), in which case nothing is known of the targets since `asOf`.
 */
export type FleetBasis = 'store' | 'sampler' | 'last-known';

export interface FleetView {
  members: FleetMember[];
  basis: FleetBasis;
  /** When the figures were read (for 'last-known', the last successful read). */
  asOf: Date;
}

function toMember(
  name: string,
  source: TargetSource,
  state: TargetState | undefined,
  sample: Sample | null,
  now: Date,
): FleetMember {
  const stale = state !== undefined && !isSampleFresh(state.checkedAt, getEnv().SAMPLE_INTERVAL_SECONDS, now);
  return {
    name,
    source,
    up: state ? state.up && !stale : null,
    stale,
    checkedAt: state?.checkedAt.toISOString() ?? null,
    downSince: (stale && state.up ? state.checkedAt : state?.downSince)?.toISOString() ?? null,
    error: stale
      ? `Not sampled since ${state.checkedAt.toISOString()}: is the console's sampler running?`
      : (state?.error ?? null),
    sample,
    role: sample?.recovery ? (sample.recovery.inRecovery ? 'replica' : 'primary') : null,
  };
}

async function listedTargets(): Promise<{ name: string; source: TargetSource }[]> {
  const { targets, broken } = await getTargetRegistry();
  return [...targets, ...broken].map(({ name, source }) => ({ name, source }));
}

async function readStoredFleet(now: Date): Promise<FleetMember[]> {
  const listed = await listedTargets();
  const [states, samples] = await Promise.all([
    listTargetStates(),
    findLatestSamples(listed.map((target) => target.name)),
  ]);
  return listed.map(({ name, source }) => toMember(name, source, states.get(name), samples.get(name) ?? null, now));
}

/** This process's sampler's view, when it has sampled recently. */
async function readLiveFleet(now: Date): Promise<FleetMember[] | null> {
  const { live } = processSamplerState();
  const lastRound = live.lastRoundAt();
  if (!lastRound || !isSampleFresh(lastRound, getEnv().SAMPLE_INTERVAL_SECONDS, now)) return null;
  return (await listedTargets()).map(({ name, source }) => {
    const state = live.get(name);
    return toMember(name, source, state, state?.sample ?? null, now);
  });
}

/**
 * The last fleet read from the store, as of then: the primary is down when it holds the store (no separate
 * CONSOLE_DATABASE_URL), since the store stopped answering; of every other target nothing is known since.
 */
function asLastKnown(members: FleetMember[], asOf: Date): FleetMember[] {
  const outage = primaryOutageFromStore();
  return members.map((member) =>
    member.name === PRIMARY_TARGET && outage
      ? { ...member, up: false, stale: false, downSince: outage.since.toISOString(), error: outage.error }
      : {
          ...member,
          up: null,
          stale: true,
          error: `Not known since ${formatClock(asOf)}: the console database cannot be read.`,
        },
  );
}

/** The fleet with where its figures come from. */
export async function getFleetView(now = new Date()): Promise<FleetView> {
  try {
    const known = await readKnown(FLEET_CACHE_KEY, fleetTtlMs(), () => readStoredFleet(now));
    if (!known.stale) return { members: known.value, basis: 'store', asOf: known.at };
    const live = await readLiveFleet(now);
    return live
      ? { members: live, basis: 'sampler', asOf: now }
      : { members: asLastKnown(known.value, known.at), basis: 'last-known', asOf: known.at };
  } catch (error) {
    if (!isStoreUnavailable(error)) throw error;
    const live = await readLiveFleet(now);
    if (!live) throw error;
    return { members: live, basis: 'sampler', asOf: now };
  }
}

/**
 * Cached for at most a third of the sampling interval (and at most 5 s), so a target the sampler found down is
 * shown down well within one interval of it stopping.
 */
function fleetTtlMs(): number {
  return Math.min(LATEST_SAMPLE_TTL_MS, (getEnv().SAMPLE_INTERVAL_SECONDS * 1000) / 3);
}

/** Just the members, for callers that do not show where they come from. */
export async function listFleetMembers(now = new Date()): Promise<FleetMember[]> {
  return (await getFleetView(now)).members;
}
