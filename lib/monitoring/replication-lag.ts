/** Which replication lag a sample stands for. Pure. */
import type { Sample } from '../sampler/sample';

/**
 * On a standby: its own lag (postgres_exporter's pg_replication_lag query, lib/pg/replication.ts). On a primary:
 * the largest replay lag among its streaming replicas, null when it has none.
 */
export function replicationLagOf(sample: Sample): number | null {
  return sample.recovery?.inRecovery ? sample.recovery.lagSeconds : sample.replication.maxLagSeconds;
}
