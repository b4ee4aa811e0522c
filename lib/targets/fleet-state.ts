/**
 * A target's state on the fleet page, judged from its newest stored sampling outcome (console.target_state). Down is
 * only ever evidence about the target: TARGET_DOWN_AFTER_FAILURES consecutive failed attempts, counted by the
 * sampler. A round the console could not do in time (missed_since, its own saturation) or no round at all for two
 * intervals (no sampler running) is "not sampled": what the console does not know, never a down. Pure.
 */
import { formatClock } from '../format';
import { isSampleFresh } from '../monitoring/freshness';

/**
 * up: the newest attempt reached it. failing: the newest attempt failed, not yet as often as makes it down.
 * down: it failed that often (its figures are the last known). not-sampled: the console has not reached it
 * lately, for its own reasons. unknown: never sampled yet, or not known now (the console store cannot be read).
 */
export type FleetState = 'up' | 'failing' | 'down' | 'not-sampled' | 'unknown';

export const FLEET_STATES: readonly FleetState[] = ['down', 'failing', 'not-sampled', 'unknown', 'up'];

/** A stored or in-memory outcome; the failure count and missed round are absent from older rows' readers. */
export interface OutcomeInput {
  up: boolean;
  checkedAt: Date;
  downSince: Date | null;
  error: string | null;
  failures?: number;
  missedSince?: Date | null;
}

export interface JudgedState {
  state: FleetState;
  /** Whether it answers as far as the console knows now: null when it does not know (not sampled, unknown). */
  up: boolean | null;
  checkedAt: string | null;
  downSince: string | null;
  /** Consecutive failed attempts. */
  failures: number;
  /** The last attempt, when the console has not reached it since (set for a down target too). */
  notSampledSince: string | null;
  /** Why it is down, failing or not sampled; free of secrets. */
  error: string | null;
}

function whyNotSampled(outcome: OutcomeInput, now: Date): string {
  const since = formatClock(outcome.checkedAt, now);
  return outcome.missedSince
    ? `Not sampled since ${since}: the console could not sample it in time since ${formatClock(outcome.missedSince, now)} (its own load, not this server's; see the sampler health panel).`
    : `Not sampled since ${since}: no console process has sampled it since. Is a sampler running?`;
}

export function judgeOutcome(outcome: OutcomeInput | undefined, intervalSeconds: number, now: Date): JudgedState {
  if (!outcome)
    return {
      state: 'unknown',
      up: null,
      checkedAt: null,
      downSince: null,
      failures: 0,
      notSampledSince: null,
      error: null,
    };
  const notSampled = Boolean(outcome.missedSince) || !isSampleFresh(outcome.checkedAt, intervalSeconds, now);
  const failures = outcome.failures ?? (outcome.up ? 0 : 1);
  const base = {
    checkedAt: outcome.checkedAt.toISOString(),
    failures,
    notSampledSince: notSampled ? outcome.checkedAt.toISOString() : null,
  };
  // Down stays down while it is not sampled: the last evidence says so, and nothing since says otherwise.
  if (!outcome.up)
    return {
      ...base,
      state: 'down',
      up: false,
      downSince: (outcome.downSince ?? outcome.checkedAt).toISOString(),
      error: notSampled ? `${outcome.error ?? 'Down.'} ${whyNotSampled(outcome, now)}` : outcome.error,
    };
  if (notSampled)
    return { ...base, state: 'not-sampled', up: null, downSince: null, error: whyNotSampled(outcome, now) };
  return {
    ...base,
    state: failures > 0 ? 'failing' : 'up',
    up: true,
    downSince: null,
    error: failures > 0 ? outcome.error : null,
  };
}
