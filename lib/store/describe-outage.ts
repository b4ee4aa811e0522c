/** How an outage of the console's own database is told to people. Pure, for server and client components alike. */
import { formatClock } from '../format';

export interface StoreOutage {
  since: Date;
  /** Why the last attempt failed, free of secrets: for the log and signed-in pages. */
  error: string;
  /** The kind of failure only (lib/errors.ts connectionFailureKind): for public answers. */
  reason: string;
}

/** "Console database unreachable since 03:12:07 UTC (4 min)". */
export function describeStoreOutage(outage: Pick<StoreOutage, 'since'>, now = new Date()): string {
  const minutes = Math.floor((now.getTime() - outage.since.getTime()) / 60_000);
  return `Console database unreachable since ${formatClock(outage.since, now)} (${minutes < 1 ? 'under a minute' : `${minutes} min`})`;
}
