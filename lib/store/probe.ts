/**
 * Asks the console store whether it answers: one `SELECT 1` per process per STATE_PROBE_MS however many people
 * ask (the banner on every page, /api/health, the login page) — an anonymous flood of /api/health costs the
 * database that one query. While the store is down the outage tracker turns the asks between probes away at once.
 */
import 'server-only';
import { getPrisma } from '../db';
import { sharedCached } from '../monitoring/shared-cache';
import { getStoreOutage, type StoreOutage } from './outage';

/** How stale a reachability answer may be; the outage tracker itself notices failures at once. */
export const STATE_PROBE_MS = 5_000;

export async function probeStore(): Promise<StoreOutage | null> {
  await sharedCached('store:probe', STATE_PROBE_MS, async () => {
    // The outcome is recorded by the store's pool (lib/store/store-pool.ts); only the tracker's verdict matters.
    await getPrisma().$queryRaw`SELECT 1`.then(() => undefined).catch(() => undefined);
    return true;
  });
  return getStoreOutage();
}
