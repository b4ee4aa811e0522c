/**
 * Item 8: read replicas (if needed) — the primary's pg_stat_replication with replay lag against the alert
 * threshold. With none, the item waits for replicas or for a "not needed" statement with a reason.
 */
import 'server-only';
import type { TransactionRunner } from '../../pg/rows';
import { getRecoveryStatus, listReplicas, type ReplicaStatus } from '../../pg/replication';
import type { Evidence, EvidenceFact } from '../types';

/** `run`: the monitoring runner unless given (tests pass a connection to another server). */
export async function loadReplication(
  run?: TransactionRunner,
): Promise<{ isStandby: boolean; replicas: ReplicaStatus[] }> {
  const { inRecovery } = await getRecoveryStatus(run);
  return { isStandby: inRecovery, replicas: await listReplicas(run) };
}

export function judgeReplicas(
  { isStandby, replicas }: { isStandby: boolean; replicas: ReplicaStatus[] },
  lagAlertSeconds: number,
): Evidence {
  if (isStandby)
    return {
      status: 'warn',
      summary: 'The configured database is itself a standby; check this item against the primary.',
      facts: [{ label: 'pg_is_in_recovery()', value: 'true', status: 'warn' }],
    };
  if (replicas.length === 0)
    return {
      status: 'warn',
      summary: 'No replica is streaming from this server. Configure one, or state that none is needed and why.',
      facts: [{ label: 'Streaming replicas', value: '0', status: 'warn' }],
    };
  const facts: EvidenceFact[] = replicas.map((replica) => {
    const lag = replica.replayLagSeconds;
    const streaming = replica.state === 'streaming';
    return {
      label: `${replica.application || 'replica'} (${replica.client ?? 'local'})`,
      value: `${replica.state ?? 'unknown'}, ${replica.syncState ?? 'async'}, replay lag ${lag === null ? '0 s (idle)' : `${lag.toFixed(1)} s`}${replica.replayLagBytes !== null ? `, ${replica.replayLagBytes} bytes behind` : ''}`,
      status: !streaming || (lag ?? 0) > lagAlertSeconds ? 'fail' : 'pass',
    };
  });
  const bad = facts.filter((f) => f.status === 'fail');
  return bad.length
    ? {
        status: 'fail',
        summary: `${bad.length} of ${replicas.length} replicas are not streaming or lag more than ${lagAlertSeconds} s.`,
        facts,
      }
    : {
        status: 'pass',
        summary: `${replicas.length} replica${replicas.length === 1 ? '' : 's'} streaming, replay lag within ${lagAlertSeconds} s.`,
        facts,
      };
}
