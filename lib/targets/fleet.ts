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
import { judgeOutcome, type JudgedState, type OutcomeInput } from './fleet-state';
import { getTargetRegistry, type TargetSource } from './registry';
import { listTargetStates } from './state';
import { PRIMARY_TARGET } from './target-list';

export type TargetRole = 'primary' | 'replica';

/** The fleet's entry in the shared cache (the sampler drops it after writing a round). */
export const FLEET_CACHE_KEY = 'fleet';

/**
 * A target as the fleet knows it: its state (lib/targets/fleet-state.ts: up, failing, down, not sampled, unknown),
 * whether it answers (`up`, null when the console does not know), why not, and its newest sample.
 */
export interface FleetMember extends JudgedState {
  name: string;
  source: TargetSource;
  tags: string[];
  /** Its newest successful sample (possibly older than checkedAt when it is down or not sampled). */
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

interface ListedTarget {
  name: string;
  source: TargetSource;
  tags: string[];
}

function toMember(
  { name, source, tags }: ListedTarget,
  outcome: OutcomeInput | undefined,
  sample: Sample | null,
  now: Date,
): FleetMember {
  return {
    name,
    source,
    tags,
    ...judgeOutcome(outcome, getEnv().SAMPLE_INTERVAL_SECONDS, now),
    sample,
    role: sample?.recovery ? (sample.recovery.inRecovery ? 'replica' : 'primary') : null,
  };
}

async function listedTargets(): Promise<ListedTarget[]> {
  const { targets, broken } = await getTargetRegistry();
  return [...targets, ...broken].map(({ name, source, tags }) => ({ name, source, tags: tags ?? [] }));
}

async function readStoredFleet(now: Date): Promise<FleetMember[]> {
  const listed = await listedTargets();
  const [states, samples] = await Promise.all([
    listTargetStates(),
    findLatestSamples(listed.map((target) => target.name)),
  ]);
  return listed.map((target) => toMember(target, states.get(target.name), samples.get(target.name) ?? null, now));
}

/** This process's sampler's view, when it has sampled recently. */
async function readLiveFleet(now: Date): Promise<FleetMember[] | null> {
  const { live } = processSamplerState();
  const lastRound = live.lastRoundAt();
  if (!lastRound || !isSampleFresh(lastRound, getEnv().SAMPLE_INTERVAL_SECONDS, now)) return null;
  return (await listedTargets()).map((target) => {
    const state = live.get(target.name);
    return toMember(target, state, state?.sample ?? null, now);
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
      ? {
          ...member,
          state: 'down',
          up: false,
          notSampledSince: null,
          downSince: outage.since.toISOString(),
          error: outage.error,
        }
      : {
          ...member,
          state: 'unknown',
          up: null,
          notSampledSince: null,
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
