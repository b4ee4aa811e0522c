/**
 * Asks the console store whether it answers: one `SELECT 1` per process per PROBE_INTERVAL_MS however many
 * people ask (the banner on every page, /api/health, the login page). While the store is down the outage tracker
 * turns the asks between probes away at once.
 */
import 'server-only';
import { getPrisma } from '../db';
import { sharedCached } from '../monitoring/shared-cache';
import { getStoreOutage, PROBE_INTERVAL_MS, type StoreOutage } from './outage';

export async function probeStore(): Promise<StoreOutage | null> {
  await sharedCached('store:probe', PROBE_INTERVAL_MS, async () => {
    // The outcome is recorded by the store's pool (lib/store/store-pool.ts); only the tracker's verdict matters.
    await getPrisma()
      .$queryRaw`SELECT 1`.then(() => undefined)
      .catch(() => undefined);
    return true;
  });
  return getStoreOutage();
}
