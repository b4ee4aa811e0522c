/**
 * Recording what a process's sampling engine (lib/sampler/engine.ts) finished: each judged target's state in this
 * process's live view, the alert rules stepped over its own readings (and, once per round, over its own figures:
 * SamplerBehind), and one batch of writes to the console store — or held until the store answers again
 * (lib/sampler/round-writes.ts). sampleFleet is a whole round at once, for tests and a manual tick.
 */
import 'server-only';
import os from 'node:os';
import { evaluateAlerts } from '../alerts/evaluate';
import { consoleTarget, type TargetReading } from '../alerts/rules';
import { forgetShared } from '../monitoring/shared-cache';
import { closePoolsExcept } from '../pg/client';
import { FLEET_CACHE_KEY } from '../targets/fleet';
import { getTargetRegistry } from '../targets/registry';
import { listTargetStates } from '../targets/state';
import { collectorConnectionsHeld } from '../workload/collector-connections';
import { countRegressionsByTarget } from '../workload/statements/regressions';
import type { Outcome, StoredReads } from './engine';
import type { SamplerProcessStats } from './process-stats';
import type { SamplerProcessRow } from './process-store';
import { processSamplerState, type SamplerState } from './sampler-state';
import { findLatestSamples } from './store';

/** Each target's last count read from the store, carried through batches that cannot read it. */
const lastRegressionCounts = new Map<string, number>();

/**
 * Each sample gets its target's count of query regressions from the console store (one query per batch). While
 * the store is unreachable — not asked at all when the batch already found it so, lest it wait on it — the last
 * count read is carried: a rule whose figure went missing for a round would resolve and fire again.
 */
async function attachRegressions(outcomes: readonly Outcome[], storeAnswered: boolean): Promise<void> {
  const sampled = outcomes.filter((outcome) => outcome.sample);
  if (sampled.length === 0) return;
  const counts = storeAnswered
    ? await countRegressionsByTarget(sampled.map((outcome) => outcome.target)).catch(() => null)
    : null;
  for (const { target, sample } of sampled) {
    const count = counts ? (counts.get(target) ?? 0) : lastRegressionCounts.get(target);
    if (count === undefined) continue;
    lastRegressionCounts.set(target, count);
    sample!.regressions = count;
  }
}

/** When this process began: its sampler_process row's started_at. */
const processStartedAt = new Date(Date.now() - process.uptime() * 1000);

export interface RoundResult {
  /** What the alert rules were stepped over: one reading per target judged, and the console's own at a round's end. */
  readings: TargetReading[];
  /** Whether this batch was written to the console store (else it is held for the next one). */
  written: boolean;
  /** Settles when the batch's alert notifications have been sent (or given up). */
  notified: Promise<void>;
  /** The round's figures, when this batch ended a round. */
  stats: SamplerProcessStats | null;
}

/** Records what the engine of `state` finished since the last batch; `closeRound` also ends the round. */
export async function recordBatch(state: SamplerState, at: Date, closeRound: boolean): Promise<RoundResult> {
  const { live, book, writes, engine } = state;
  const { shard } = engine;
  const storeAnswered = await writes.catchUp();
  const registry = await getTargetRegistry();
  const names = [...registry.targets, ...registry.broken].map((target) => target.name);
  // In the registry's order (the primary first), whatever order the attempts ended in.
  const order = new Map(names.map((name, index) => [name, index]));
  const rank = (name: string) => order.get(name) ?? names.length;
  const outcomes = engine.drain().sort((a, b) => rank(a.target) - rank(b.target));
  await attachRegressions(outcomes, storeAnswered);
  for (const { state: judged, sample } of outcomes) if (judged) live.record(judged, sample);
  live.forgetExcept(engine.owned());
  live.markRound(at);

  const readings = outcomes.flatMap((outcome) => (outcome.reading ? [outcome.reading] : []));
  const self = consoleTarget(shard.memberId);
  let stats: SamplerProcessStats | null = null;
  let processRow: SamplerProcessRow | null = null;
  if (closeRound) {
    // The pages' pools of targets no longer configured (an admin removed one) are closed, in every process.
    if (registry.complete) await closePoolsExcept(new Set(names));
    stats = { ...engine.closeRound(), collectorConnectionsHeld: collectorConnectionsHeld() };
    readings.push({ target: self, up: true, sample: null, notSampled: stats.notSampled });
    processRow = {
      memberId: shard.memberId,
      host: os.hostname(),
      pid: process.pid,
      startedAt: processStartedAt,
      seenAt: at,
      stats,
    };
  }
  const { notified } = evaluateAlerts(
    book,
    readings,
    {
      // Every process's targets and every live process's own pseudo-target: only what is in neither has gone.
      listed: registry.complete ? new Set([...names, ...shard.members().map(consoleTarget)]) : null,
      steps: (target) => target === self || shard.owns(target),
    },
    at,
  );
  writes.hold({
    samples: outcomes.flatMap(({ target, sample }) => (sample ? [{ target, sample }] : [])),
    states: outcomes.flatMap((outcome) => (outcome.state ? [outcome.state] : [])),
    listed: registry.complete ? names : null,
    process: processRow,
  });
  const written =
    storeAnswered &&
    (await writes.write().then(
      () => true,
      () => false,
    ));
  // This process's viewers see the batch at once rather than after the fleet's cache expires.
  if (written) forgetShared(FLEET_CACHE_KEY);
  return { readings, written, notified, stats };
}

/** Where a process's engine finds what the store holds of targets it takes over (SamplingEngine.reconcile). */
export const STORED_READS: StoredReads = { states: listTargetStates, newestSamples: findLatestSamples };

/**
 * One whole round of the sampler whose memory is `state` (the process's own by default): every target its shard owns,
 * now, then recorded as one batch that ends the round. Outcomes are judged at `now`, so a test can step time forward.
 */
export async function sampleFleet(now = new Date(), state: SamplerState = processSamplerState()): Promise<RoundResult> {
  await state.engine.shard.refresh();
  await state.engine.reconcile(await getTargetRegistry(), STORED_READS);
  await state.engine.sampleAll(now);
  return recordBatch(state, now, true);
}
