/**
 * What /api/metrics exposes: every target's newest sampling outcome and sample, read through the fleet's shared
 * cache, so a scrape never runs statistics SQL on a monitored server.
 */
import 'server-only';
import { readFleetCached } from '../targets/fleet';
import { PRIMARY_TARGET } from '../targets/target-list';
import type { TargetSnapshot } from './exposition';

export async function collectSnapshots(now = new Date()): Promise<TargetSnapshot[]> {
  try {
    return (await readFleetCached(now)).map(({ name, up, sample }) => ({ target: name, up: up === true, sample }));
  } catch {
    // The samples live in the primary's console schema: not reading them means the primary is not reachable.
    // What the other targets are doing is then unknown, and an unknown is left out rather than reported down.
    return [{ target: PRIMARY_TARGET, up: false, sample: null }];
  }
}
