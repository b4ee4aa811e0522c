/**
 * The workload collector, separate from the 15-second sampler because its cadences differ — active sessions every
 * ACTIVITY_SAMPLE_SECONDS, pg_stat_statements every STATEMENT_SAMPLE_SECONDS, table sizes every 15 minutes — and a
 * slow statement cycle must never delay the on-call sampler's round. Every console process runs one over its own
 * share of the fleet — the targets its shard owns (lib/sampler/membership.ts, the same split as the sampler's) — so
 * adding processes adds capacity, and a process that dies hands its targets over at the survivors' next refresh.
 * Retention (dropping old partitions and rollups) is one job for the whole deployment: a leader loop
 * (lib/jobs/leader-loop.ts) with its own lock. Each tick visits every owned target a task is due on, a few targets at
 * a time (p-limit); a target that fails costs only its own task and is retried next time.
 *
 * Every visit of a target goes over one session the collector keeps for it (COLLECTOR_APPLICATION_NAME), shared by
 * the tasks: their statements wait their turn on it (lib/pg/dedicated-connection.ts), and those sent together go out
 * as one message. Through the target's pool, a visit that asked two things at once held two sessions, and kept them
 * warm: at a thousand targets a thousand backends more on the watched servers (bench/fleet-sampler.ts).
 */
import 'server-only';
import pLimit from 'p-limit';
import { getEnv, type Env } from '../env';
import { errorMessage } from '../errors';
import { CONSOLE_LOCK_CLASS, createLeaderLoop } from '../jobs/leader-loop';
import { CONSOLE_APPLICATION_NAME, withDedicatedConnection } from '../pg/client';
import { SamplingConnections, type SamplingConnection } from '../sampler/connections';
import { isDeadSession } from '../sampler/evidence';
import { processShard, type Shard } from '../sampler/membership';
import { getTargetRegistry, type Target } from '../targets/registry';
import { registerCollectorConnections } from './collector-connections';
import { createWorkloadTasks } from './tasks';

export const WORKLOAD_LOCK = { classId: CONSOLE_LOCK_CLASS, objectId: 7 } as const;

/** Targets visited at once: each visit holds the target's collector session for a few milliseconds. */
const TARGETS_AT_ONCE = 8;

/** How the collector's sessions are named in pg_stat_activity. */
export const COLLECTOR_APPLICATION_NAME = `${CONSOLE_APPLICATION_NAME} collector`;

/** A target that does not answer a connection within this long is tried again at its next visit, as the pools do. */
const CONNECT_TIMEOUT_MS = 5_000;

/** Retention (dropping old partitions, old rollups) runs this often, in the process that holds WORKLOAD_LOCK. */
const RETIRE_EVERY_MS = 10 * 60_000;

export interface WorkloadTask {
  name: string;
  /** How often each target is visited. */
  intervalMs(env: Env): number;
  /** One visit: queries go to `target` (over the collector's session); results are written to the console store. */
  collect(target: Target, now: Date): Promise<void>;
  /**
   * Once a tick, after its visits of every-tick tasks: writes what the visits gathered, for all targets in one batch
   * (one transaction a tick, not one per target).
   */
  afterTick?(now: Date): Promise<void>;
  /** Drops what is older than the retention; called every RETIRE_EVERY_MS by one process of the deployment. */
  retire?(env: Env, now: Date): Promise<void>;
}

export interface WorkloadCollector {
  /**
   * One tick: every task on every target this process owns that it is due on. It waits for the tasks that run every
   * tick (the active session sample); slower ones (statements, table sizes, changes) run on in the background, so a
   * slow one never delays a sample, and are not started again on a target while their last visit is still running.
   */
  tick(now?: Date): Promise<void>;
  /** Retention of every task (the leader's job: it covers every target's history at once). */
  retire(now?: Date): Promise<void>;
  /** Waits for the background visits and retention started so far (tests; a stop). */
  settle(): Promise<void>;
  /** Waits for the visits started so far, then closes the collector's sessions (tests; a stop). */
  stop(): Promise<void>;
  /** The collector's sessions, one per target it visits. */
  connections(): SamplingConnections;
  /**
   * The last error of each task on each target (`task:target`), of its writes (`task:write`), of retention and of
   * the tick, for tests.
   */
  errors(): ReadonlyMap<string, string>;
}

export interface WorkloadCollectorOptions {
  /** Which targets are this collector's: the process's shard unless a test plays several processes. */
  shard?: Shard;
  /** First visits per task and tick of targets new to this process (FIRST_VISITS_PER_TICK). */
  firstVisitsPerTick?: number;
}

/**
 * A task is due on a target when its interval has passed since the last visit, less half a tick: a visit that
 * happened a little after its tick must not push the next one a whole tick later.
 */
function isDue(last: number | undefined, intervalMs: number, tickMs: number, now: number): boolean {
  return last === undefined || now - last >= intervalMs - tickMs / 2;
}

/** Background visits at once: a table-size snapshot can take seconds, and must not hold every slot. */
const BACKGROUND_AT_ONCE = 2;

/**
 * First visits per task and tick of targets new to this process. A start, or the hand-over of a process's share when
 * it dies, brings hundreds at once, every task due on each and each visit opening a session: all in one tick, that
 * burst competed with the sampler taking over the same targets, which must sample them within one interval
 * (bench/fleet-sampler.ts). Fifty a tick (ten a second at the default tick) reaches a thousand in under two minutes.
 */
const FIRST_VISITS_PER_TICK = 50;

export function createWorkloadCollector(
  tasks: readonly WorkloadTask[] = createWorkloadTasks(),
  options: WorkloadCollectorOptions = {},
): WorkloadCollector {
  const lastVisit = new Map<string, number>();
  const errors = new Map<string, string>();
  const inFlight = new Map<string, Promise<void>>();
  const everyTick = pLimit(TARGETS_AT_ONCE);
  const background = pLimit(BACKGROUND_AT_ONCE);
  const settings = getEnv();
  // Kept between visits as the pools kept theirs: a target's statements come every STATEMENT_SAMPLE_SECONDS, and a
  // session closed sooner is reopened (a backend started, a SCRAM handshake) at each of them.
  const connections = new SamplingConnections(
    settings.SAMPLER_CONNECTION_BUDGET,
    Math.max(60_000, 2 * settings.STATEMENT_SAMPLE_SECONDS * 1000),
    { applicationName: COLLECTOR_APPLICATION_NAME, shared: true, connectTimeoutMs: CONNECT_TIMEOUT_MS },
  );

  async function visit(task: WorkloadTask, target: Target, now: Date): Promise<void> {
    const key = `${task.name}:${target.name}`;
    let held: SamplingConnection | undefined;
    try {
      held = connections.checkout(target);
      await held.ready;
      await withDedicatedConnection(target, held, () => task.collect(target, now));
      connections.checkin(held, true);
      errors.delete(key);
    } catch (error) {
      // A statement refused (an extension missing) leaves the session usable; one found cut is opened anew.
      if (held) connections.checkin(held, !isDeadSession(error));
      errors.set(key, errorMessage(error));
    }
  }

  /** Forgets the visits of targets this process no longer visits: one that comes back is new to it again. */
  function forgetTargetsNotIn(names: ReadonlySet<string>): void {
    for (const key of lastVisit.keys()) if (!names.has(key.slice(key.indexOf(':') + 1))) lastVisit.delete(key);
  }

  /** Starts a visit (or retention) once: while it runs, the same key is not started again. */
  function track(key: string, work: () => Promise<void>): Promise<void> {
    const running = inFlight.get(key);
    if (running) return running;
    const started = work().finally(() => inFlight.delete(key));
    inFlight.set(key, started);
    return started;
  }

  async function retire(env: Env, now: Date): Promise<void> {
    for (const task of tasks)
      await task.retire?.(env, now).catch((error: unknown) => errors.set(`${task.name}:retire`, errorMessage(error)));
  }

  /** The targets this process visits: those its shard owns, the membership read again first (rate-limited). */
  async function ownedTargets(now: Date): Promise<Target[]> {
    const shard = options.shard ?? (await processShard());
    await shard.refresh(now.getTime());
    const { targets } = await getTargetRegistry();
    return targets.filter((target) => shard.owns(target.name));
  }

  async function settle(): Promise<void> {
    while (inFlight.size > 0) await Promise.all(inFlight.values());
  }

  return {
    errors: () => errors,
    connections: () => connections,
    settle,
    stop: async () => {
      await settle();
      await connections.closeAll();
    },
    retire: (now = new Date()) => track('retire', () => retire(getEnv(), now)),
    async tick(now = new Date()) {
      const env = getEnv();
      const tickMs = env.ACTIVITY_SAMPLE_SECONDS * 1000;
      let targets: Target[];
      // A target no longer this process's (or removed) keeps its session until it has been idle this long (by the
      // clock its checkouts are stamped with, not the tick's `now`).
      connections.closeIdle();
      try {
        targets = await ownedTargets(now);
        errors.delete('tick');
      } catch (error) {
        errors.set('tick', errorMessage(error));
        return;
      }
      forgetTargetsNotIn(new Set(targets.map((target) => target.name)));
      const awaited: Promise<void>[] = [];
      const firstVisitsPerTick = options.firstVisitsPerTick ?? FIRST_VISITS_PER_TICK;
      for (const task of tasks) {
        const everyTickTask = task.intervalMs(env) <= tickMs;
        let firstVisits = 0;
        for (const target of targets) {
          const key = `${task.name}:${target.name}`;
          const last = lastVisit.get(key);
          if (inFlight.has(key) || !isDue(last, task.intervalMs(env), tickMs, now.getTime())) continue;
          // The targets come in the registry's order every tick: those left out now are first next time.
          if (last === undefined && firstVisits++ >= firstVisitsPerTick) continue;
          lastVisit.set(key, now.getTime());
          const started = track(key, () => (everyTickTask ? everyTick : background)(() => visit(task, target, now)));
          if (everyTickTask) awaited.push(started);
        }
      }
      await Promise.all(awaited);
      for (const task of tasks) {
        if (!task.afterTick) continue;
        const key = `${task.name}:write`;
        await task.afterTick(now).then(
          () => errors.delete(key),
          (error: unknown) => errors.set(key, errorMessage(error)),
        );
      }
    },
  };
}

const globalForWorkload = globalThis as unknown as { workloadStarted?: boolean };

/**
 * Starts this process's collector once (instrumentation.ts): a tick every ACTIVITY_SAMPLE_SECONDS over its own targets,
 * and retention in whichever process holds WORKLOAD_LOCK.
 */
export function startWorkloadCollector(): void {
  if (globalForWorkload.workloadStarted) return;
  globalForWorkload.workloadStarted = true;
  const collector = createWorkloadCollector();
  registerCollectorConnections(collector.connections());
  let running: Promise<void> | null = null;
  // A tick that outlasts the interval (a slow target's sample) delays the next rather than overlapping it.
  const tick = () => void (running ??= collector.tick().finally(() => (running = null)));
  setInterval(tick, getEnv().ACTIVITY_SAMPLE_SECONDS * 1000).unref();
  tick();
  createLeaderLoop({
    name: 'workload',
    lock: WORKLOAD_LOCK,
    intervalMs: RETIRE_EVERY_MS,
    work: () => collector.retire(),
  });
}
