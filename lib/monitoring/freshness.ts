/** When a sampled figure still counts as current. Pure. */

/** Viewers read samples through a shared cache of this age (lib/monitoring/glance.ts, lib/targets/fleet.ts). */
export const LATEST_SAMPLE_TTL_MS = 5_000;

/** Current when at most two sampling intervals old, plus the cache's age: one missed round is tolerated. */
export function isSampleFresh(takenAt: string | Date, intervalSeconds: number, now: Date): boolean {
  const at = typeof takenAt === 'string' ? Date.parse(takenAt) : takenAt.getTime();
  return now.getTime() - at <= 2 * intervalSeconds * 1000 + LATEST_SAMPLE_TTL_MS;
}
