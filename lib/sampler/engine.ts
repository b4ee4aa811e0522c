/**
 * One process's sampling engine (issue 18): the targets its shard owns (lib/sampler/membership.ts), each attempted
 * once per interval at its own phase (lib/sampler/schedule.ts), at most SAMPLER_CONCURRENCY at once (p-limit), each
 * over its own kept connection (lib/sampler/connections.ts). It judges every attempt as it ends and keeps the
 * outcomes until the caller records them (lib/sampler/fleet-round.ts), with the round's figures for the health panel.
 */
import 'server-only';
import pLimit, { type LimitFunction } from 'p-limit';
import type { TargetReading } from '../alerts/rules';
import { errorMessage } from '../errors';
import type { ServerActivity } from '../pg/activity';
import { sameConnection } from '../pg/client';
import type { BrokenTarget, Target, TargetRegistry } from '../targets/registry';
import type { StoredTargetState } from '../targets/state';
import { attemptSample, type AttemptResult } from './attempt';
import { SamplingConnections } from './connections';
import { EventLoopLag } from './event-loop-lag';
import type { Shard } from './membership';
import type { SamplerProcessStats } from './process-stats';
import { SLOW_FIGURES_EVERY, slowFiguresOf, type Sample, type SlowFigures } from './sample';
import { SharedReads } from './shared-reads';
import {
  isJudged,
  judge,
  phaseOf,
  planAfter,
  planFirst,
  planRetry,
  type Judgement,
  type PlannedAttempt,
  type Unjudged,
} from './schedule';

export interface EngineSettings {
  intervalMs: number;
  concurrency: number;
  connectionBudget: number;
  downAfterFailures: number;
  /** The deadline of one attempt (connect and every query). */
  attemptTimeoutMs: number;
}

/** One attempt's deadline by default: at least 5 s (a connect over a slow link), at most 10 s or the interval. */
export function defaultAttemptTimeoutMs(intervalMs: number): number {
  return Math.max(5_000, Math.min(intervalMs, 10_000));
}

/** What the console store holds of targets that have just become this process's, so they go on where they were. */
export interface StoredReads {
  /** Every target's stored state: its failures in a row survive a hand-over. */
  states(): Promise<ReadonlyMap<string, StoredTargetState>>;
  /** The newest sample of each of `targets`: slow figures read recently are carried rather than read again. */
  newestSamples(targets: readonly string[]): Promise<ReadonlyMap<string, Sample>>;
}

/**
 * The slow figures of a target's newest stored sample (taken by whichever process owned it) if recent enough to carry
 * as if this process had read them: read fewer than SLOW_FIGURES_EVERY - 1 intervals ago. A hand-over or a restart
 * then costs each target's server a carried sample, not a full one — at a thousand targets the first samples of half
 * the fleet at once (bench/sample-cost.ts: 16.7 ms of a server of 250 databases full, 4.8 ms carried).
 */
function carriedFrom(sample: Sample | undefined, now: number, intervalMs: number): Entry['carried'] {
  if (!sample) return null;
  const figures = slowFiguresOf(sample);
  const samples = Math.floor((now - Date.parse(figures.readAt)) / intervalMs);
  return samples >= 0 && samples < SLOW_FIGURES_EVERY - 1 ? { figures, samples } : null;
}

/** A finished (or missed) attempt, waiting to be recorded. */
export interface Outcome {
  target: string;
  result: AttemptResult;
  /** The target's state after it, as stored; null while the target has never been judged. */
  state: StoredTargetState | null;
  /** What the alert rules see: only an attempt that judged the target up or down gives one. */
  reading: TargetReading | null;
  sample: Sample | null;
}

interface Entry {
  target: Target | BrokenTarget;
  phaseMs: number;
  plan: PlannedAttempt;
  status: 'waiting' | 'queued' | 'running';
  judgement: Judgement | Unjudged;
  /** Bumped when a queued attempt is given up, so that it does nothing when its turn comes. */
  ticket: number;
  /** The slow figures of its last sample that read them, and how many samples have carried them since. */
  carried: { figures: SlowFigures; samples: number } | null;
}

const newCounters = () => ({ sampled: 0, failed: 0, late: 0, notSampled: 0, busyMs: 0 });

export class SamplingEngine {
  readonly connections: SamplingConnections;
  readonly lag = new EventLoopLag();
  /**
   * One read of a server's sessions for all its watched databases sampled within a third of an interval (at most
   * 5 s): at 250 databases a server, one read where there were 250 (bench/sample-cost.ts). A third, so that a figure
   * on the glance is at most a few seconds older than its sample, which says when it was read (Sample.sessionsAt).
   */
  readonly serverActivity: SharedReads<ServerActivity>;
  private readonly limit: LimitFunction;
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Set<Promise<void>>();
  private finished: Outcome[] = [];
  private counters = newCounters();
  private cpuMark = { usage: process.cpuUsage(), at: Date.now() };
  /** While a manual round runs, the time its outcomes are recorded at (tests step the clock forward). */
  private roundAt: Date | null = null;

  constructor(
    readonly settings: EngineSettings,
    public shard: Shard,
  ) {
    // An idle connection is kept three intervals: its target is attempted every interval while this process owns it.
    this.connections = new SamplingConnections(settings.connectionBudget, 3 * settings.intervalMs);
    this.serverActivity = new SharedReads(Math.min(5_000, settings.intervalMs / 3));
    // Never more attempts at once than connections: each holds one.
    this.limit = pLimit(Math.min(settings.concurrency, settings.connectionBudget));
  }

  /** The targets this process samples now. */
  owned(): ReadonlySet<string> {
    return new Set(this.entries.keys());
  }

  /**
   * Brings the owned targets in line with the registry and the shard. A newly owned one is due at once (a hand-over
   * within one interval) and starts from its stored state and its newest sample's recent slow figures (`stored`), so
   * its failures in a row survive the hand-over and its first sample is a carried one; one no longer owned or
   * configured is dropped with its connection. From an incomplete registry (the console store is down) nothing is
   * dropped for being missing.
   */
  async reconcile(registry: TargetRegistry, stored: StoredReads, now = Date.now()): Promise<void> {
    const owned = [...registry.targets, ...registry.broken].filter((target) => this.shard.owns(target.name));
    const byName = new Map(owned.map((target) => [target.name, target]));
    for (const [name, entry] of this.entries) {
      const target = byName.get(name);
      if (target) {
        // Pointed elsewhere (its URL edited): the carried figures are another database's.
        const same =
          'connection' in target &&
          'connection' in entry.target &&
          sameConnection(target.connection, entry.target.connection);
        if (!same) entry.carried = null;
        entry.target = target;
      } else if (registry.complete || !this.shard.owns(name)) {
        entry.ticket++;
        this.entries.delete(name);
      }
    }
    const added = owned.filter((target) => !this.entries.has(target.name));
    const noneStored = () => null;
    const [states, newest] =
      added.length > 0
        ? await Promise.all([
            stored.states().catch(noneStored),
            stored.newestSamples(added.map((target) => target.name)).catch(noneStored),
          ])
        : [null, null];
    for (const target of added) {
      if (this.entries.has(target.name) || !this.shard.owns(target.name)) continue;
      const phaseMs = phaseOf(target.name, this.settings.intervalMs);
      const previous = states?.get(target.name);
      this.entries.set(target.name, {
        target,
        phaseMs,
        plan: planFirst(now, phaseMs, this.settings.intervalMs),
        status: 'waiting',
        judgement: previous
          ? {
              up: previous.up,
              checkedAt: previous.checkedAt,
              downSince: previous.downSince,
              error: previous.error,
              failures: previous.failures,
              missedSince: previous.missedSince,
            }
          : { failures: 0, error: null, missedSince: null },
        ticket: 0,
        carried: carriedFrom(newest?.get(target.name), now, this.settings.intervalMs),
      });
    }
    this.connections.closeExcept(this.owned());
  }

  /** Queues every attempt that is due, and gives up (not sampled) those still queued past their start-by time. */
  dispatch(now = Date.now()): void {
    this.lag.start();
    for (const entry of this.entries.values()) {
      if (entry.status === 'queued' && now >= entry.plan.startBy)
        this.miss(entry, 'its turn in the queue did not come');
      if (entry.status === 'waiting' && entry.plan.due <= now) this.enqueue(entry);
    }
  }

  /** A manual round (tests, and the sampler's tick without its loop): every owned target now; waits for them all. */
  async sampleAll(at: Date): Promise<void> {
    const now = Date.now();
    this.roundAt = at;
    try {
      for (const entry of this.entries.values())
        if (entry.status === 'waiting') entry.plan = { due: now, startBy: now + this.settings.intervalMs };
      this.dispatch(now);
      while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
    } finally {
      this.roundAt = null;
    }
  }

  /** The outcomes since the last call. */
  drain(): Outcome[] {
    const outcomes = this.finished;
    this.finished = [];
    return outcomes;
  }

  /** The figures of the round that ends now (since the last call), for console.sampler_process. */
  closeRound(): SamplerProcessStats {
    const now = Date.now();
    const { sampled, failed, late, notSampled, busyMs } = this.counters;
    this.counters = newCounters();
    const usage = process.cpuUsage(this.cpuMark.usage);
    const wallMs = Math.max(1, now - this.cpuMark.at);
    this.cpuMark = { usage: process.cpuUsage(), at: now };
    return {
      intervalSeconds: this.settings.intervalMs / 1000,
      targets: this.entries.size,
      sampled,
      failed,
      late,
      notSampled,
      // The round's attempts back to back at full concurrency: its length if it were one burst, as a round was before
      // the attempts were spread over the interval. At the interval or past it, this process cannot keep up.
      roundSeconds: Math.round(busyMs / this.limit.concurrency) / 1000,
      connectionsHeld: this.connections.held(),
      connectionsOpened: this.connections.takeOpened(),
      connectionBudget: this.settings.connectionBudget,
      concurrency: this.limit.concurrency,
      eventLoopDelayMs: Math.round(this.lag.takeWorst()),
      cpuPercent: Math.round(((usage.user + usage.system) / 1000 / wallMs) * 1000) / 10,
    };
  }

  /**
   * Stops: queued attempts are given up (their turn, when it comes, does nothing; p-limit's clearQueue would leave
   * their promises unsettled), running ones awaited, every connection closed.
   */
  async stop(): Promise<void> {
    for (const entry of this.entries.values()) entry.ticket++;
    await Promise.all([...this.inFlight]);
    this.lag.stop();
    await this.connections.closeAll();
  }

  private enqueue(entry: Entry): void {
    entry.status = 'queued';
    const ticket = ++entry.ticket;
    const task = this.limit(() => this.run(entry, ticket))
      .catch((error: unknown) => console.warn(`sampler: ${entry.target.name}: ${errorMessage(error)}`))
      .finally(() => this.inFlight.delete(task));
    this.inFlight.add(task);
  }

  private async run(entry: Entry, ticket: number): Promise<void> {
    if (entry.ticket !== ticket) return;
    const startedAt = Date.now();
    if (startedAt >= entry.plan.startBy) return this.miss(entry, 'its turn in the queue did not come');
    entry.status = 'running';
    if (startedAt - entry.plan.due > this.settings.intervalMs / 4) this.counters.late++;
    // Slow figures are read afresh every SLOW_FIGURES_EVERY samples, and after any attempt that did not sample.
    const carried = entry.carried && entry.carried.samples < SLOW_FIGURES_EVERY - 1 ? entry.carried : null;
    const result: AttemptResult =
      'problem' in entry.target
        ? { kind: 'failed', error: entry.target.problem }
        : await attemptSample(
            entry.target,
            {
              connections: this.connections,
              lag: this.lag,
              timeoutMs: this.settings.attemptTimeoutMs,
              serverActivity: this.serverActivity,
            },
            carried?.figures,
          );
    entry.carried =
      result.kind !== 'up'
        ? null
        : carried
          ? { figures: carried.figures, samples: carried.samples + 1 }
          : { figures: slowFiguresOf(result.sample), samples: 0 };
    this.counters.busyMs += Date.now() - startedAt;
    // Dropped meanwhile (another process's now, or removed): its outcome is not this process's to record.
    if (this.entries.get(entry.target.name) !== entry || entry.ticket !== ticket) return;
    this.settle(entry, result);
    // A failure that did not make it down is tried again sooner, so that a stopped server is down within two intervals.
    const notYetDown = !isJudged(entry.judgement) || entry.judgement.up;
    entry.plan =
      result.kind === 'failed' && notYetDown
        ? planRetry(entry.plan, startedAt, entry.phaseMs, this.settings.intervalMs)
        : planAfter(entry.plan, this.settings.intervalMs);
    entry.status = 'waiting';
  }

  /** The queue was full until its start-by time: not sampled, which changes nothing of its up or down. */
  private miss(entry: Entry, reason: string): void {
    entry.ticket++;
    this.settle(entry, { kind: 'not-sampled', reason: `The console could not sample it in time: ${reason}.` });
    entry.plan = planAfter(entry.plan, this.settings.intervalMs);
    entry.status = 'waiting';
  }

  private settle(entry: Entry, result: AttemptResult): void {
    const at = this.roundAt ?? new Date();
    const outcome = result.kind === 'up' ? ({ kind: 'up' } as const) : result;
    entry.judgement = judge(entry.judgement, outcome, at, this.settings.downAfterFailures);
    if (result.kind === 'not-sampled') this.counters.notSampled++;
    else this.counters.sampled++;
    if (result.kind === 'failed') this.counters.failed++;
    const name = entry.target.name;
    const state = isJudged(entry.judgement)
      ? { target: name, ...entry.judgement, sampledBy: this.shard.memberId }
      : null;
    const sample = result.kind === 'up' ? result.sample : null;
    const judgedNow = result.kind === 'up' || (result.kind === 'failed' && state?.up === false);
    this.finished.push({
      target: name,
      result,
      state,
      sample,
      reading: judgedNow && state ? { target: name, up: state.up, sample } : null,
    });
  }
}
