/**
 * One sampling round over every target: each is sampled through its own bounded pool (lib/pg/client.ts), all at
 * once, so a target that is down or slow costs only its own connect timeout and the others are still recorded.
 * Then the alert rules are stepped over what the round saw, this process's live view is updated, and the round is
 * written to the console store — or held until the store answers again (lib/sampler/round-writes.ts).
 */
import 'server-only';
import { evaluateAlerts } from '../alerts/evaluate';
import type { TargetReading } from '../alerts/rules';
import { getEnv } from '../env';
import { forgetShared } from '../monitoring/shared-cache';
import { AppError } from '../errors';
import { closePoolsExcept, withTarget } from '../pg/client';
import { toAppError } from '../pg/sqlstate';
import { FLEET_CACHE_KEY } from '../targets/fleet';
import { getTargetRegistry, type Target } from '../targets/registry';
import type { TargetState } from '../targets/state';
import type { RoundOutcome } from './live-fleet';
import { countRegressionsByTarget } from '../workload/statements/regressions';
import { takeSample, type Sample } from './sample';
import { processSamplerState, type SamplerState } from './sampler-state';

/**
 * A target gets one sampling interval (at least 5 s) to answer, so one slow server cannot stretch the round and
 * make the others look stale. Its abandoned queries stay bounded by the statement timeout and its pool.
 */
function sampleWithDeadline(target: Target): Promise<Sample> {
  const seconds = Math.max(getEnv().SAMPLE_INTERVAL_SECONDS, 5);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(new AppError('query_timeout', `The server did not answer the sampling queries within ${seconds} s.`)),
      seconds * 1000,
    );
  });
  return Promise.race([withTarget(target, takeSample), deadline]).finally(() => clearTimeout(timer));
}

async function sampleTarget(target: Target): Promise<RoundOutcome> {
  try {
    return { target: target.name, up: true, sample: await sampleWithDeadline(target), error: null };
  } catch (error) {
    return {
      target: target.name,
      up: false,
      sample: null,
      error: toAppError(error).userMessage,
    };
  }
}

/** Each target's last count read from the store, carried through rounds that cannot read it. */
const lastRegressionCounts = new Map<string, number>();

/**
 * Each sample gets its target's count of query regressions from the console store (one query for the round). While
 * the store is unreachable — not asked at all when the round already found it so, lest the round wait on it — the
 * last count read is carried: a rule whose figure went missing for a round would resolve and fire again.
 */
async function attachRegressions(outcomes: RoundOutcome[], storeAnswered: boolean): Promise<void> {
  const sampled = outcomes.filter((outcome) => outcome.sample);
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

export interface RoundResult {
  readings: TargetReading[];
  /** Whether this round was written to the console store (else it is held for the next one). */
  written: boolean;
  /** Settles when the round's alert notifications have been sent (or given up). */
  notified: Promise<void>;
}

/** One round of the sampler whose memory is `state` (the process's own by default). */
export async function sampleFleet(now = new Date(), state: SamplerState = processSamplerState()): Promise<RoundResult> {
  const { live, book, writes } = state;
  const storeAnswered = await writes.catchUp();
  const { targets, broken, complete } = await getTargetRegistry();
  const outcomes = await Promise.all(targets.map(sampleTarget));
  await attachRegressions(outcomes, storeAnswered);
  outcomes.push(...broken.map((target) => ({ target: target.name, up: false, sample: null, error: target.problem })));
  const names = outcomes.map((outcome) => outcome.target);
  if (complete) await closePoolsExcept(new Set(names));

  live.recordRound(outcomes, now, complete);
  const { notified } = evaluateAlerts(
    book,
    outcomes.map(({ target, up, sample }) => ({ target, up, sample })),
    complete,
    now,
  );
  writes.hold({
    samples: outcomes.flatMap(({ target, sample }) => (sample ? [{ target, sample }] : [])),
    states: outcomes.map(({ target }): TargetState => {
      const state = live.get(target)!;
      return { target, up: state.up, checkedAt: state.checkedAt, downSince: state.downSince, error: state.error };
    }),
    listed: complete ? names : null,
  });
  const written =
    storeAnswered &&
    (await writes.write().then(
      () => true,
      () => false,
    ));
  // This process's viewers see the round at once rather than after the fleet's cache expires.
  if (written) forgetShared(FLEET_CACHE_KEY);
  return { readings: outcomes.map(({ target, up, sample }) => ({ target, up, sample })), written, notified };
}
