/**
 * Reads of the console store that keep their last good value: while the store is unreachable the last value read
 * is served, marked stale with the time it was read, so pages show the last known state (users and roles, the
 * target registry, the fleet, alert history) instead of failing. Only an outage falls back; any other error is
 * the caller's. Keys are fixed names in code, so the map stays as small as the number of such reads.
 */
import 'server-only';
import { AppError } from '../errors';
import { sharedCached } from '../monitoring/shared-cache';
import { getStoreOutage } from './outage';

export interface Known<T> {
  value: T;
  /** When the value was read from the store. */
  at: Date;
  /** True when the store could not be read just now and this is the last value it gave. */
  stale: boolean;
}

const globalForKnown = globalThis as unknown as { lastKnownValues?: Map<string, { value: unknown; at: Date }> };
const lastKnown = (globalForKnown.lastKnownValues ??= new Map());

/** Whether a failed store read is the store being unreachable (rather than a bug or a bad request). */
export function isStoreUnavailable(error: unknown): boolean {
  return getStoreOutage() !== null || (error instanceof AppError && error.code === 'database_unavailable');
}

/**
 * `produce` through the shared short cache; on an outage the last value it returned, else the error. A value still
 * in the cache is stale too once the store is known to be down: it is then the last known state, not the current.
 */
export async function readKnown<T>(key: string, ttlMs: number, produce: () => Promise<T>): Promise<Known<T>> {
  try {
    const value = await sharedCached(key, ttlMs, async () => {
      const fresh = await produce();
      lastKnown.set(key, { value: fresh, at: new Date() });
      return fresh;
    });
    return { value, at: lastKnown.get(key)?.at ?? new Date(), stale: getStoreOutage() !== null };
  } catch (error) {
    const known = lastKnown.get(key) as { value: T; at: Date } | undefined;
    if (!known || !isStoreUnavailable(error)) throw error;
    return { value: known.value, at: known.at, stale: true };
  }
}

/** For tests. */
export function forgetKnownValues(): void {
  lastKnown.clear();
}
