/**
 * When each target is sampled and what an attempt's outcome makes of it (issue 18). Pure.
 *
 * Every target has a phase of its own in the interval, from a hash of its name, so the owned targets are spread
 * evenly over SAMPLE_INTERVAL_SECONDS instead of all starting at once: a round is a steady trickle, not a burst. Its
 * slots are the times phase + k·interval. An attempt has a due time and a deadline to START by (its next slot): one
 * that could not start by then — the console's queue was full all along — is "not sampled", which is no evidence
 * about the target at all.
 *
 * Only a failure that is evidence about the target (lib/sampler/evidence.ts) counts, and only TARGET_DOWN_AFTER_FAILURES
 * of them in a row make it down; after one, it is tried again half an interval later, so a stopped server is down
 * within two intervals. A not-sampled outcome leaves up or down and the count as they were, and notes since when the
 * console has missed it.
 */
import { hash } from 'node:crypto';

/**
 * The target's phase in the interval, in [0, intervalMs): the first 4 bytes of sha1(name), stable across processes
 * and restarts (a seeded hash is not) and evenly spread even for names that differ in one digit. Computed once per
 * target when a process takes it.
 */
export function phaseOf(target: string, intervalMs: number): number {
  return Math.floor((hash('sha1', target, 'buffer').readUInt32BE(0) / 2 ** 32) * intervalMs);
}

/** The target's first slot at or after `time` (epoch ms). */
export function slotAtOrAfter(time: number, phaseMs: number, intervalMs: number): number {
  const base = Math.floor(time / intervalMs) * intervalMs + phaseMs;
  return base >= time ? base : base + intervalMs;
}

/** One planned attempt: start at `due`, and not after `startBy` (else it is not sampled, and `startBy` is next due). */
export interface PlannedAttempt {
  due: number;
  startBy: number;
}

/**
 * The first attempt on a target that has just become this process's (a new target, a hand-over, a start): due at
 * once, and it may start until its first slot at least half an interval later, so the first attempts of a thousand
 * targets may queue for a while without counting as missed.
 */
export function planFirst(now: number, phaseMs: number, intervalMs: number): PlannedAttempt {
  return { due: now, startBy: slotAtOrAfter(now + intervalMs / 2, phaseMs, intervalMs) };
}

/** The attempt after `attempt` (made or missed): on the slot it had to start by, which is the target's next. */
export function planAfter(attempt: PlannedAttempt, intervalMs: number): PlannedAttempt {
  return { due: attempt.startBy, startBy: attempt.startBy + intervalMs };
}

/**
 * A retry after a failure (of `failed`) that did not yet make the target down: half an interval after the failed
 * attempt began, before the slot the failed one had to start by — then on the target's slots again.
 */
export function planRetry(
  failed: PlannedAttempt,
  startedAt: number,
  phaseMs: number,
  intervalMs: number,
): PlannedAttempt {
  const due = startedAt + intervalMs / 2;
  return { due, startBy: failed.startBy > due ? failed.startBy : slotAtOrAfter(due + 1, phaseMs, intervalMs) };
}

/** What the console believes of a target, as console.target_state stores it (lib/targets/state.ts). */
export interface Judgement {
  up: boolean;
  /** The last real attempt (not a missed one). */
  checkedAt: Date;
  downSince: Date | null;
  /** The last failure's reason while it is failing or down; free of secrets. */
  error: string | null;
  /** Consecutive failed attempts. */
  failures: number;
  /** Since when the console has not sampled it in time; null once an attempt was made. */
  missedSince: Date | null;
}

export type AttemptOutcome =
  { kind: 'up' } | { kind: 'failed'; error: string } | { kind: 'not-sampled'; reason: string };

/** The failures of a target never judged before; kept apart from a Judgement, which always has an up or down. */
export interface Unjudged {
  failures: number;
  error: string | null;
  missedSince: Date | null;
}

/**
 * The judgement after `outcome` at `at`. A target never judged stays unjudged (no row, shown as unknown) until an
 * attempt reaches it or it has failed `downAfter` times in a row.
 */
export function judge(
  previous: Judgement | Unjudged,
  outcome: AttemptOutcome,
  at: Date,
  downAfter: number,
): Judgement | Unjudged {
  const judged = 'up' in previous ? previous : null;
  switch (outcome.kind) {
    case 'up':
      return { up: true, checkedAt: at, downSince: null, error: null, failures: 0, missedSince: null };
    case 'failed': {
      const failures = previous.failures + 1;
      if (failures >= downAfter || judged?.up === false)
        return {
          up: false,
          checkedAt: at,
          downSince: judged?.up === false ? (judged.downSince ?? at) : at,
          error: outcome.error,
          failures,
          missedSince: null,
        };
      return judged
        ? { ...judged, checkedAt: at, error: outcome.error, failures, missedSince: null }
        : { failures, error: outcome.error, missedSince: null };
    }
    case 'not-sampled':
      return { ...previous, missedSince: previous.missedSince ?? at };
  }
}

export function isJudged(state: Judgement | Unjudged): state is Judgement {
  return 'up' in state;
}
