/**
 * Whether the console's own database (the console store: CONSOLE_DATABASE_URL, else the primary) answers, as
 * this process last saw it. Fed by every connection the console opens to it (lib/store/store-pool.ts and the
 * leader loops' lock connections). While it is down:
 *  - callers fail fast instead of each waiting for a connect timeout: one probe connection is let through per
 *    PROBE_INTERVAL_MS, so recovery is noticed within that time without hammering a server that is starting up;
 *  - pages show "Console database unreachable since …" and the last known state (lib/store/last-known.ts);
 *  - the log gets one line when the outage starts and one when it ends, never one per request.
 */
import { AppError } from '../errors';
import { formatClock, formatDuration } from '../format';

export interface StoreOutage {
  since: Date;
  /** Why the last attempt failed, free of secrets. */
  error: string;
}

/** At most one connection attempt per this interval while the store is down. */
export const PROBE_INTERVAL_MS = 2_000;

export class OutageTracker {
  private outage: StoreOutage | null = null;
  private lastAttemptAt = 0;
  private readonly recoveryListeners = new Set<() => void>();

  constructor(
    private readonly what: string,
    private readonly log: (line: string) => void = (line) => console.warn(line),
  ) {}

  current(): StoreOutage | null {
    return this.outage;
  }

  /** Whether a connection attempt may go ahead now: always while up, once per probe interval while down. */
  mayAttempt(now = Date.now()): boolean {
    if (!this.outage) return true;
    if (now - this.lastAttemptAt < PROBE_INTERVAL_MS) return false;
    this.lastAttemptAt = now;
    return true;
  }

  reachable(now = new Date()): void {
    if (!this.outage) return;
    this.log(`${this.what} reachable again after ${formatDuration((now.getTime() - this.outage.since.getTime()) / 1000)} of outage.`);
    this.outage = null;
    for (const listener of this.recoveryListeners) listener();
  }

  /** Calls `listener` whenever an outage ends (the sampler catches up at once); returns how to stop. */
  onRecovery(listener: () => void): () => void {
    this.recoveryListeners.add(listener);
    return () => this.recoveryListeners.delete(listener);
  }

  unreachable(error: string, now = new Date()): void {
    this.lastAttemptAt = now.getTime();
    if (this.outage) {
      this.outage.error = error;
      return;
    }
    this.outage = { since: now, error };
    this.log(`${this.what} unreachable: ${error} — showing the last known state until it answers again.`);
  }

  /** The error a caller gets instead of a connection while the store is down. */
  refusal(): AppError {
    return new AppError('database_unavailable', this.outage ? describeStoreOutage(this.outage) : `${this.what} cannot be reached.`);
  }
}

/** "Console database unreachable since 03:12:07 UTC (4 min)". */
export function describeStoreOutage(outage: StoreOutage, now = new Date()): string {
  const minutes = Math.floor((now.getTime() - outage.since.getTime()) / 60_000);
  return `Console database unreachable since ${formatClock(outage.since)} (${minutes < 1 ? 'under a minute' : `${minutes} min`})`;
}

// One tracker per process, kept across Next's development hot reloads.
const globalForStore = globalThis as unknown as { consoleStoreOutage?: OutageTracker };

/** The console store's tracker. */
export function storeOutageTracker(): OutageTracker {
  globalForStore.consoleStoreOutage ??= new OutageTracker('Console database');
  return globalForStore.consoleStoreOutage;
}

export function getStoreOutage(): StoreOutage | null {
  return storeOutageTracker().current();
}
