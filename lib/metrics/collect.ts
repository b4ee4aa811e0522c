/**
 * What /api/metrics exposes: every target's newest judgement and sample, read through the fleet's shared cache, so a
 * scrape never runs statistics SQL on a monitored server; and each console process's sampling figures
 * (console.sampler_process).
 */
import 'server-only';
import { listSamplerProcesses } from '../sampler/process-health';
import { getFleetView } from '../targets/fleet';
import { PRIMARY_TARGET } from '../targets/target-list';
import type { ProcessSnapshot, TargetSnapshot } from './exposition';

/**
 * pg_up is the last judgement: a target the console has not sampled lately keeps it ("not sampled" is the console's
 * own state, exported per process as halcytone_sampler_targets_not_sampled), and only a down target — failed
 * TARGET_DOWN_AFTER_FAILURES attempts in a row — is 0. Its figures are exported only while they are current.
 */
export async function collectSnapshots(now = new Date()): Promise<TargetSnapshot[]> {
  try {
    const { members } = await getFleetView(now);
    // What is not known (never sampled, or the console store unreachable since the last read and not sampled here)
    // is left out rather than reported up or down.
    return members
      .filter((member) => member.state !== 'unknown')
      .map(({ name, state, sample }) => ({
        target: name,
        up: state !== 'down',
        sample: state === 'up' || state === 'failing' ? sample : null,
      }));
  } catch {
    // Neither the console store nor a sampler of this process: the primary cannot be reached; the rest is unknown.
    return [{ target: PRIMARY_TARGET, up: false, sample: null }];
  }
}

/**
 * The processes that sampled lately — their last round ended within two of their intervals, as the health panel
 * judges it — with figures this console can read; none while the console store cannot be read.
 */
export async function collectProcesses(now = new Date()): Promise<ProcessSnapshot[]> {
  const rows = await listSamplerProcesses().catch(() => []);
  return rows.flatMap(({ memberId, host, pid, seenAt, stats }) =>
    stats && now.getTime() - seenAt.getTime() <= 2 * stats.intervalSeconds * 1000
      ? [{ memberId, host, pid, stats }]
      : [],
  );
}
