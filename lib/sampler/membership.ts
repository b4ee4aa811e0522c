/**
 * How the running console processes share the watched servers without a coordinator (issue 18; docs/architecture.md,
 * "Sharing the fleet among processes"). Each process holds, on a dedicated session to the console store
 * (lib/jobs/lock-session.ts), the session advisory lock (MEMBER_CLASS, memberId) for a random memberId of its own.
 * The live members are whoever holds such a lock, read from pg_locks; every process maps each target onto one of
 * them with the same rendezvous hash (lib/sampler/rendezvous.ts), so they agree on the split without talking to each
 * other, and a change of members moves only the targets of the member that left or joined.
 *
 * A process that dies loses its session — the kernel closes its socket — and so its lock at once; the survivors see
 * it gone at their next refresh, at most refreshIntervalMs later, and take its targets in their next round. A host that
 * vanishes without closing its connections is ended by the server after the session's keepalives (about 25 s).
 *
 * While the console store cannot be read nobody can see the members, so each process keeps the last view it read and
 * goes on sampling its part of the fleet: a peer that died during the outage is not taken over until the store
 * answers again. A process that has never reached the store (it started during the outage) has no view to keep, so it
 * owns everything: sampling a target twice is better than not at all while nobody can tell who else runs.
 */
import 'server-only';
import { randomInt } from 'node:crypto';
import type pg from 'pg';
import { z } from 'zod';
import { getEnv } from '../env';
import { tryAdvisoryLock } from '../jobs/leader-loop';
import { LockSession } from '../jobs/lock-session';
import { CONSOLE_APPLICATION_NAME } from '../pg/client';
import { clientRunner, int, text } from '../pg/rows';
import { ownerOf } from './rendezvous';

export interface Shard {
  /**
   * This process's id: its membership lock's objid, and console.sampler_process.member_id. It changes only if the
   * lock session had to be opened again (a store restart) and another process had taken the id meanwhile.
   */
  readonly memberId: number;
  /** Re-reads the live members (rate-limited inside); keeps the last view if the store cannot be read. */
  refresh(now?: number): Promise<void>;
  /** Whether this process owns `target`: rendezvous hashing over the live members. */
  owns(target: string): boolean;
  /** The live member ids, sorted; this process's own always among them until it is closed. */
  members(): readonly number[];
  /** Leaves the membership (the others take this process's targets at their next refresh); then owns nothing. */
  close(): Promise<void>;
}

/** pg_try_advisory_lock(MEMBER_CLASS, memberId): classid "HALM", apart from the leader loops' "HALC". */
export const MEMBER_CLASS = 0x48414c4d;

/**
 * The membership is read again at most this often, so that a hand-over happens within one sampling interval. Not
 * more often: a read with no answer within the lock session's liveness timeout ends the session and so frees this
 * process's lock (lib/jobs/lock-session.ts) — the others take its targets and give them back at its next read — and
 * on a saturated machine a read every second made that likelier (bench/fleet-sampler.ts: a run of two processes
 * reading every second had 144 targets sampled twice in an interval, most likely such a flap; runs at 5 s had none).
 */
function refreshIntervalMs(sampleIntervalSeconds: number): number {
  return Math.min(5_000, (sampleIntervalSeconds * 1000) / 3);
}

/** Ids tried before giving up when they are all taken (each collides with a chance of members / 2^31). */
const CLAIM_ATTEMPTS = 8;

/** A random positive int32: an advisory lock's objid as pg_locks shows it (an oid) is then the same number. */
function randomMemberId(): number {
  return randomInt(1, 2 ** 31);
}

// The membership locks of this database: pg_locks shows a two-int4-key advisory lock with objsubid 2, the first key
// in classid and the second in objid (PostgreSQL docs, "pg_locks"). Readable by any role.
const LIVE_MEMBERS = `
SELECT objid::bigint AS member_id
FROM pg_locks
WHERE locktype = 'advisory'
  AND classid = $1
  AND objsubid = 2
  AND granted
  AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
ORDER BY member_id`;

const memberRow = z.object({ member_id: int });

class MemberShard implements Shard {
  private readonly session = new LockSession('member');
  private readonly minRefreshMs = refreshIntervalMs(getEnv().SAMPLE_INTERVAL_SECONDS);
  private id: number;
  /** The members as last read from the store, this process included; empty until the store has answered once. */
  private view: readonly number[] = [];
  private live: readonly number[];
  private lastRefreshAt: number | null = null;
  private refreshing: Promise<void> | null = null;
  private closed = false;

  constructor(memberId: number) {
    this.id = memberId;
    this.live = [memberId];
  }

  get memberId(): number {
    return this.id;
  }

  refresh(now = Date.now()): Promise<void> {
    if (this.closed) return Promise.resolve();
    // A clock that went back does not hold refreshes off until it catches up.
    const since = this.lastRefreshAt === null ? Infinity : now - this.lastRefreshAt;
    if (since >= 0 && since < this.minRefreshMs) return this.refreshing ?? Promise.resolve();
    this.lastRefreshAt = now;
    this.refreshing ??= this.read().finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  owns(target: string): boolean {
    return !this.closed && ownerOf(target, this.live) === this.id;
  }

  members(): readonly number[] {
    return this.closed ? [] : this.live;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.refreshing;
    await this.session.close();
  }

  private async read(): Promise<void> {
    try {
      this.view = await this.readMembers();
    } catch {
      // The store cannot be read: keep the last view (see the module comment). The session is opened again, and the
      // lock taken again, at the next refresh; the outage itself is logged once by the store's tracker.
      await this.session.close();
    }
    // Whatever the store said, this process is alive: its own id is always a member (a view read before the id
    // had to change, or none read yet, would otherwise leave it owning nothing).
    this.live = [...new Set([...this.view, this.id])].sort((a, b) => a - b);
  }

  private async readMembers(): Promise<number[]> {
    if (this.session.isOpen()) {
      // The session that holds the lock is asked directly: an answer proves the lock is still held. No answer (the
      // store restarted, the session was ended) means the lock is gone: open a new session and take it again.
      try {
        return await this.queryMembers(await this.session.open());
      } catch {
        await this.session.close();
      }
    }
    const client = await this.session.open();
    this.id = await this.claim(client);
    return this.queryMembers(client);
  }

  private async queryMembers(client: pg.Client): Promise<number[]> {
    const rows = await clientRunner(client)(memberRow, LIVE_MEMBERS, [MEMBER_CLASS]);
    return rows.map((row) => row.member_id);
  }

  /** Takes this process's membership lock: its current id if free, else another random one. */
  private async claim(client: pg.Client): Promise<number> {
    for (let attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
      const candidate = attempt === 0 ? this.id : randomMemberId();
      if (!(await tryAdvisoryLock(client, { classId: MEMBER_CLASS, objectId: candidate }))) continue;
      // Named after its id, so that an operator (or a test) can tell which process a lock session belongs to.
      await clientRunner(client)(z.object({ name: text }), `SELECT set_config('application_name', $1, false) AS name`, [
        `${CONSOLE_APPLICATION_NAME} member ${candidate}`,
      ]);
      return candidate;
    }
    throw new Error(`No free console member id after ${CLAIM_ATTEMPTS} tries.`);
  }
}

/**
 * Joins the console processes sharing the fleet: takes a membership lock and reads the members once. Never fails
 * because the store is down: the shard then owns everything until a refresh reaches the store.
 */
export async function createShard(options: { memberId?: number } = {}): Promise<Shard> {
  const shard = new MemberShard(options.memberId ?? randomMemberId());
  await shard.refresh();
  return shard;
}

/**
 * A shard that owns every target and never reads the store, for tests. (A process started during a store outage
 * needs no such shard: createShard's owns everything until the store answers.)
 */
export function soleShard(memberId: number = randomMemberId()): Shard {
  return {
    memberId,
    refresh: async () => {},
    owns: () => true,
    members: () => [memberId],
    close: async () => {},
  };
}

// One per process, shared by the sampler and the workload collector, kept across Next's development hot reloads.
const globalForShard = globalThis as unknown as { consoleShard?: Promise<Shard> };

/** This process's shard, created on first use; callers refresh it each round and never close it. */
export function processShard(): Promise<Shard> {
  globalForShard.consoleShard ??= createShard().catch((error: unknown) => {
    // Only a configuration error gets here (an outage does not fail createShard): let the next call try again.
    globalForShard.consoleShard = undefined;
    throw error;
  });
  return globalForShard.consoleShard;
}
