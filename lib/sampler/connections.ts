/**
 * The sampler's connections: one per target, its own (never a page's pool), opened when the target is first sampled
 * and kept open between rounds, so a round costs no connection setup. The workload collector keeps a second set of its
 * own (lib/workload/collector.ts), shared by its tasks' visits of a target, so that each target holds two sessions of
 * the console's background work, not one per statement it happens to send at once. At most SAMPLER_CONNECTION_BUDGET
 * per process and set:
 * to open one more, the MOST recently used idle one is closed first. Targets are attempted in the same order every
 * interval (each at its phase), and over a cycle least-recently-used eviction is the worst choice: with one target more
 * than the budget, every attempt would evict the connection the next attempt needs, and each sample would pay a
 * connection setup (a TLS and SCRAM handshake here, a new backend there). Evicting the most recent keeps the rest
 * warm, so a fleet k targets past the budget opens about k connections a round. One idle for longer than `idleMs`
 * (three intervals: its target is down, or no longer this process's) is closed, as is every one on stop.
 *
 * Not an LRU cache: it evicts on insertion whatever the entry, and a connection in the middle of an attempt must never
 * be closed under it; a Map in order of last use gives the order with that exception.
 */
import 'server-only';
import pg from 'pg';
import type { ParsedConnection } from '../config/connection-string';
import { CONSOLE_APPLICATION_NAME, forgetServerFacts, monitoringClientConfig, sameConnection } from '../pg/client';
import type { DedicatedConnection } from '../pg/dedicated-connection';
import type { NamedConnection } from '../targets/target-list';

/** How the sampler's sessions are named in pg_stat_activity (and told apart from the pages' pools). */
export const SAMPLER_APPLICATION_NAME = `${CONSOLE_APPLICATION_NAME} sampler`;

export interface SamplingConnection extends DedicatedConnection {
  readonly name: string;
  readonly client: pg.Client;
  /** Settles when the session is ready (at once for one kept from an earlier round). */
  readonly ready: Promise<void>;
  /** Kept from an earlier attempt (its server may have gone away since), rather than opened for this one. */
  reused: boolean;
}

interface Entry extends SamplingConnection {
  readonly connection: ParsedConnection;
  /** Checkouts not yet handed back: more than one only where the set is shared. */
  users: number;
  /** Its session failed, or its target left this process while an attempt was running: closed when it ends. */
  retired: boolean;
  lastUsedAt: number;
}

/** Every connection of the budget is in the middle of an attempt: the console's own limit, not the target's. */
export class ConnectionBudgetSpent extends Error {
  constructor(budget: number) {
    super(`All ${budget} sampling connections of this process are in use.`);
    this.name = 'ConnectionBudgetSpent';
  }
}

export interface SamplingConnectionsOptions {
  /** How its sessions are named in pg_stat_activity. */
  applicationName?: string;
  /**
   * Whether a target's connection may be checked out again while in use. The collector's task visits of one target
   * share its session: statements wait their turn on it (lib/pg/dedicated-connection.ts). The sampler's are not
   * shared: an attempt given up closes its session, which a new attempt must not pick up.
   */
  shared?: boolean;
  /**
   * How long a connection may take to open (node-postgres's connectionTimeoutMillis). None for the sampler, whose
   * attempt has a deadline of its own.
   */
  connectTimeoutMs?: number;
}

export class SamplingConnections {
  /** Least recently used first (a Map iterates in insertion order; a used entry is inserted again). */
  private readonly entries = new Map<string, Entry>();
  /** Connections opened since the last takeOpened(). */
  private openedCount = 0;
  private readonly applicationName: string;
  private readonly shared: boolean;
  private readonly connectTimeoutMs: number | undefined;

  constructor(
    readonly budget: number,
    private readonly idleMs: number,
    options: SamplingConnectionsOptions = {},
  ) {
    this.applicationName = options.applicationName ?? SAMPLER_APPLICATION_NAME;
    this.shared = options.shared ?? false;
    this.connectTimeoutMs = options.connectTimeoutMs;
  }

  /** Connections open or opening now. */
  held(): number {
    return this.entries.size;
  }

  /** Connections opened since the last call: a fleet past the budget shows as connections reopened every round. */
  takeOpened(): number {
    const opened = this.openedCount;
    this.openedCount = 0;
    return opened;
  }

  /** A connection to `target` for one attempt, to be handed back with `checkin`. */
  checkout(target: NamedConnection, now = Date.now()): SamplingConnection {
    const kept = this.entries.get(target.name);
    if (
      kept &&
      (kept.users === 0 || this.shared) &&
      !kept.retired &&
      sameConnection(kept.connection, target.connection)
    ) {
      this.entries.delete(target.name);
      this.entries.set(target.name, kept);
      kept.users++;
      kept.reused = true;
      kept.lastUsedAt = now;
      return kept;
    }
    if (kept) this.discard(kept);
    while (this.entries.size >= this.budget) {
      const idle = this.mostRecentlyUsedIdle();
      if (!idle) throw new ConnectionBudgetSpent(this.budget);
      this.discard(idle);
    }
    const client = new pg.Client({
      ...monitoringClientConfig(target, this.applicationName),
      connectionTimeoutMillis: this.connectTimeoutMs,
    });
    this.openedCount++;
    const entry: Entry = {
      name: target.name,
      connection: target.connection,
      client,
      ready: client.connect().then(() => undefined),
      reused: false,
      users: 1,
      retired: false,
      lastUsedAt: now,
    };
    // A session that dies between rounds (a server restart) must not crash the process; it is replaced next time,
    // and the server that comes back may be another major, so its version is asked again.
    client.on('error', () => {
      entry.retired = true;
      forgetServerFacts(entry);
      if (entry.users === 0) this.discard(entry);
    });
    entry.ready.catch(() => (entry.retired = true));
    this.entries.set(target.name, entry);
    return entry;
  }

  /**
   * Hands a connection back: kept for the next round when `healthy`, else closed (the next attempt opens anew) once
   * its last user has handed it back.
   */
  checkin(connection: SamplingConnection, healthy: boolean, now = Date.now()): void {
    const entry = this.entries.get(connection.name);
    if (entry !== connection) {
      void connection.client.end().catch(() => undefined);
      return;
    }
    entry.users--;
    entry.lastUsedAt = now;
    if (!healthy) entry.retired = true;
    if (entry.retired && entry.users === 0) this.discard(entry);
  }

  /** Closes those idle for longer than the idle limit. */
  closeIdle(now = Date.now()): void {
    for (const entry of [...this.entries.values()])
      if (entry.users === 0 && now - entry.lastUsedAt > this.idleMs) this.discard(entry);
  }

  /** Closes the connections of targets other than `names` (removed, or now another process's). */
  closeExcept(names: ReadonlySet<string>): void {
    for (const entry of [...this.entries.values()]) {
      if (names.has(entry.name)) continue;
      if (entry.users > 0) entry.retired = true;
      else this.discard(entry);
    }
  }

  async closeAll(): Promise<void> {
    const all = [...this.entries.values()];
    this.entries.clear();
    await Promise.all(all.map((entry) => entry.client.end().catch(() => undefined)));
  }

  private mostRecentlyUsedIdle(): Entry | undefined {
    return [...this.entries.values()].findLast((entry) => entry.users === 0);
  }

  private discard(entry: Entry): void {
    if (this.entries.get(entry.name) === entry) this.entries.delete(entry.name);
    void entry.client.end().catch(() => undefined);
  }
}
