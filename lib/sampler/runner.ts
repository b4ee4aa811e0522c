/**
 * The background sampler of one console process (issue 18). Every process runs one over the targets its shard owns
 * (lib/sampler/membership.ts), so adding processes adds capacity and a process that dies hands its targets over at
 * the others' next refresh. Its loop, a few dozen times per interval: refresh the shard (the membership is read every
 * few seconds) and, a few times per interval or at once when the members changed, the registry; start what is due
 * (lib/sampler/engine.ts), record a batch every quarter interval and end a round every interval
 * (lib/sampler/fleet-round.ts). It keeps sampling and alerting while the console store is unreachable and writes
 * what it held back when the store returns. Retention alone stays with one process of the deployment: a leader loop
 * (lib/jobs/leader-loop.ts) on SAMPLER_LOCK.
 */
import 'server-only';
import { deleteResolvedEpisodesOlderThan } from '../alerts/store';
import { getEnv } from '../env';
import { errorMessage } from '../errors';
import { CONSOLE_LOCK_CLASS, createLeaderLoop } from '../jobs/leader-loop';
import { redactKnownPasswords } from '../pg/sqlstate';
import { storeOutageTracker } from '../store/outage';
import { getTargetRegistry } from '../targets/registry';
import { recordBatch, sampleFleet, STORED_READS, type RoundResult } from './fleet-round';
import { processShard, type Shard } from './membership';
import { deleteSamplerProcessesOlderThan } from './process-store';
import type { SamplerProcessStats } from './process-stats';
import { processSamplerState, type SamplerState } from './sampler-state';
import { deleteSamplesOlderThan } from './store';

/** The sampler's retention lock; the backup jobs use other objids (lib/backup/connect.ts). */
export const SAMPLER_LOCK = { classId: CONSOLE_LOCK_CLASS, objectId: 1 } as const;

/** Retention runs this often, in the one process that holds SAMPLER_LOCK. */
const RETENTION_EVERY_MS = 60_000;

export interface SamplerStatus {
  /** This process's member id (console.sampler_process.member_id). */
  memberId: number;
  /** Targets this process samples now. */
  owned: number;
  /** Whether this process runs the deployment's retention (holds SAMPLER_LOCK). */
  retentionLeader: boolean;
  /** The newest sample this process took, of any target. */
  lastSampleAt: string | null;
  /** The figures of its last round. */
  lastRound: SamplerProcessStats | null;
  lastError: string | null;
}

export interface Sampler {
  /**
   * One whole round now (every owned target), recorded, then a retention tick: for tests and for a process that
   * drives its sampler by hand (autoStart false).
   */
  tick(now?: Date): Promise<RoundResult>;
  status(): SamplerStatus;
  stop(): Promise<void>;
}

export interface SamplerOptions {
  /** The sampling interval: the state's (SAMPLE_INTERVAL_SECONDS unless the state was made with another). */
  intervalMs?: number;
  retentionDays?: number;
  /** False: the caller drives ticks (tests); no loop, and a recovery of the store does not record either. */
  autoStart?: boolean;
  /** What the sampler keeps in memory: the process's own, which the pages read, unless a test plays a second process. */
  state?: SamplerState;
  /** Which targets are this process's: the process's membership by default; a test passes its own. */
  shard?: Shard | Promise<Shard>;
}

export function createSampler({
  intervalMs,
  retentionDays = getEnv().SAMPLE_RETENTION_DAYS,
  autoStart = true,
  state = processSamplerState(),
  shard = autoStart ? processShard() : undefined,
}: SamplerOptions = {}): Sampler {
  const { engine } = state;
  const interval = engine.settings.intervalMs;
  if (intervalMs !== undefined && intervalMs !== interval)
    throw new Error(`The sampler's interval (${intervalMs} ms) must be its state's (${interval} ms).`);
  let lastSampleAt: string | null = null;
  let lastRound: SamplerProcessStats | null = null;
  let lastError: string | null = null;
  let stopped = false;

  const retention = createLeaderLoop({
    name: 'sampler retention',
    lock: SAMPLER_LOCK,
    intervalMs: RETENTION_EVERY_MS,
    autoStart,
    async work() {
      await deleteSamplesOlderThan(retentionDays);
      await deleteResolvedEpisodesOlderThan(retentionDays);
      await deleteSamplerProcessesOlderThan();
    },
  });

  const note = (result: RoundResult) => {
    for (const reading of result.readings)
      if (reading.sample && (!lastSampleAt || reading.sample.takenAt > lastSampleAt))
        lastSampleAt = reading.sample.takenAt;
    if (result.stats) lastRound = result.stats;
    lastError = null;
    return result;
  };
  const fail = (error: unknown) => {
    lastError = redactKnownPasswords(errorMessage(error));
  };

  // The shard first: until this process knows its share, it samples nothing (it would sample others' targets).
  const ready = Promise.resolve(shard ?? engine.shard).then((resolved) => {
    engine.shard = resolved;
  });

  let timer: NodeJS.Timeout | null = null;
  let refreshing: Promise<void> | null = null;
  let recording: Promise<void> | null = null;
  // Batches a few times per interval, so a target judged down is written well within the interval.
  const batchMs = Math.max(250, interval / 4);
  const timing = { nextReconcile: 0, nextBatch: 0, nextRoundEnd: 0 };

  /**
   * The shard at every step (it reads the membership at most every few seconds); the owned targets brought in line
   * with the registry every batch, and at once when a member left or joined, so that a dead process's targets are
   * taken as soon as the membership says so (before, up to a batch later) and have the rest of the interval.
   */
  let membersSeen = '';
  async function refresh(now: number): Promise<void> {
    await engine.shard.refresh(now);
    const members = engine.shard.members().join();
    const membersChanged = members !== membersSeen;
    membersSeen = members;
    if (!membersChanged && now < timing.nextReconcile) return;
    timing.nextReconcile = now + batchMs;
    await engine.reconcile(await getTargetRegistry(), STORED_READS);
    engine.connections.closeIdle();
  }

  function record(now: number, closeRound: boolean): void {
    recording ??= recordBatch(state, new Date(now), closeRound)
      .then((result) => void note(result), fail)
      .finally(() => (recording = null));
  }

  function step(): void {
    const now = Date.now();
    refreshing ??= refresh(now)
      .catch(fail)
      .finally(() => (refreshing = null));
    engine.dispatch(now);
    if (recording) return;
    // A round ends every interval on the dot (its figures cover one interval); batches go in between.
    const closeRound = now >= timing.nextRoundEnd;
    if (!closeRound && now < timing.nextBatch) return;
    if (closeRound) {
      const next = timing.nextRoundEnd + interval;
      timing.nextRoundEnd = next > now ? next : now + interval;
    }
    timing.nextBatch = now + batchMs;
    record(now, closeRound);
  }

  let stopListening = () => {};
  if (autoStart) {
    void ready.then(() => {
      if (stopped) return;
      const now = Date.now();
      Object.assign(timing, { nextReconcile: now, nextBatch: now + batchMs, nextRoundEnd: now + interval });
      // Forty times an interval (25–500 ms): due times are spread over the interval, and start about on time.
      timer = setInterval(step, Math.min(500, Math.max(25, interval / 40)));
      timer.unref();
      step();
    }, fail);
    // When the console store answers again, write what was held back at once rather than at the next batch.
    stopListening = storeOutageTracker().onRecovery(() => record(Date.now(), false));
  }

  return {
    async tick(now = new Date()) {
      await ready;
      const result = await sampleFleet(now, state).then(note);
      await retention.tick();
      return result;
    },
    status: () => ({
      memberId: engine.shard.memberId,
      owned: engine.owned().size,
      retentionLeader: retention.status().isLeader,
      lastSampleAt,
      lastRound,
      lastError,
    }),
    async stop() {
      stopped = true;
      stopListening();
      if (timer) clearInterval(timer);
      await Promise.all([refreshing, recording]);
      await engine.stop();
      await retention.stop();
    },
  };
}

const globalForSampler = globalThis as unknown as { consoleSampler?: Sampler };

/** Starts this process's sampler once (called from instrumentation.ts). */
export function startSampler(): Sampler {
  globalForSampler.consoleSampler ??= createSampler();
  return globalForSampler.consoleSampler;
}

export function getSamplerStatus(): SamplerStatus | null {
  return globalForSampler.consoleSampler?.status() ?? null;
}
