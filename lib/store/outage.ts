/**
 * Whether the console's own database (the console store: CONSOLE_DATABASE_URL, else the primary) answers, as
 * this process last saw it. Fed by every connection the console opens to it (lib/store/store-pool.ts and the
 * leader loops' lock connections). While it is down:
 *  - callers fail fast instead of each waiting for a connect timeout: one probe connection is let through per
 *    PROBE_INTERVAL_MS, so recovery is noticed within that time without hammering a server that is starting up;
 *  - pages show "Console database unreachable since …" and the last known state (lib/store/last-known.ts);
 *  - the log gets one line when the outage starts and one when it ends, never one per request.
 */
import 'server-only';
import { hasSeparateConsoleDatabase } from '../env';
import { AppError, connectionFailureKind, errorMessage, redactSecrets } from '../errors';
import { formatDuration } from '../format';
import { describeStoreOutage, type StoreOutage } from './describe-outage';

export type { StoreOutage } from './describe-outage';

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
    this.log(
      `${this.what} reachable again after ${formatDuration((now.getTime() - this.outage.since.getTime()) / 1000)} of outage.`,
    );
    this.outage = null;
    for (const listener of this.recoveryListeners) listener();
  }

  /** Calls `listener` whenever an outage ends (the sampler catches up at once); returns how to stop. */
  onRecovery(listener: () => void): () => void {
    this.recoveryListeners.add(listener);
    return () => this.recoveryListeners.delete(listener);
  }

  /** A connection attempt failed; `secrets` are removed from what is kept and logged. */
  unreachable(failure: unknown, secrets: readonly (string | undefined)[], now = new Date()): void {
    this.lastAttemptAt = now.getTime();
    const error = redactSecrets(errorMessage(failure), secrets);
    const reason = connectionFailureKind(failure);
    if (this.outage) {
      Object.assign(this.outage, { error, reason });
      return;
    }
    this.outage = { since: now, error, reason };
    this.log(`${this.what} unreachable: ${error} — showing the last known state until it answers again.`);
  }

  /** The error a caller gets instead of a connection while the store is down. */
  refusal(): AppError {
    return new AppError(
      'database_unavailable',
      this.outage ? describeStoreOutage(this.outage) : `${this.what} cannot be reached.`,
    );
  }
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

/**
 * The store's outage as the primary's own, when the primary holds the store (no CONSOLE_DATABASE_URL): a console
 * that cannot reach its database there cannot reach the primary either, since the same moment.
 */
export function primaryOutageFromStore(): StoreOutage | null {
  return hasSeparateConsoleDatabase() ? null : getStoreOutage();
}
