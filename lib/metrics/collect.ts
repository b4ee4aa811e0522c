/**
 * What /api/metrics exposes: every target's newest sampling outcome and sample, read through the fleet's shared
 * cache, so a scrape never runs statistics SQL on a monitored server.
 */
import 'server-only';
import { getFleetView } from '../targets/fleet';
import { PRIMARY_TARGET } from '../targets/target-list';
import type { TargetSnapshot } from './exposition';

export async function collectSnapshots(now = new Date()): Promise<TargetSnapshot[]> {
  try {
    const { members, basis } = await getFleetView(now);
    // From the last read of an unreachable console store only what is known now is exported (the primary that
    // holds the store is down); what the other targets are doing is unknown, and an unknown is left out rather
    // than reported down.
    const known = basis === 'last-known' ? members.filter((member) => member.up !== null) : members;
    return known.map(({ name, up, sample }) => ({
      target: name,
      up: up === true,
      sample: up === true ? sample : null,
    }));
  } catch {
    // Neither the console store nor a sampler of this process: the primary cannot be reached; the rest is unknown.
    return [{ target: PRIMARY_TARGET, up: false, sample: null }];
  }
}
