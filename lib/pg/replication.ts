/**
 * Streaming replicas as the primary sees them (pg_stat_replication; PostgreSQL 10+ lag columns). Lag is the
 * replay lag: how far behind the replica's visible data is.
 */
import 'server-only';
import { z } from 'zod';
import { query, queryOne } from './client';
import { bool, float, int, text, type TransactionRunner } from './rows';

const replicaRow = z.object({
  pid: int,
  application: text,
  client: text.nullable(),
  state: text.nullable(),
  syncState: text.nullable(),
  replayLagSeconds: float.nullable(),
  /** Bytes of WAL the replica has not replayed yet. */
  replayLagBytes: float.nullable(),
});
export type ReplicaStatus = z.output<typeof replicaRow>;

export async function listReplicas(run: TransactionRunner = query): Promise<ReplicaStatus[]> {
  return run(
    replicaRow,
    `
    SELECT
      pid,
      application_name AS "application",
      host(client_addr) AS "client",
      state,
      sync_state AS "syncState",
      extract(epoch FROM replay_lag) AS "replayLagSeconds",
      CASE WHEN pg_is_in_recovery() THEN NULL
           ELSE pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn) END AS "replayLagBytes"
    FROM pg_stat_replication
    ORDER BY application_name, pid
  `,
  );
}

const replicationSummaryRow = z.object({ replicas: int, maxLagSeconds: float.nullable() });
export type ReplicationSummary = z.output<typeof replicationSummaryRow>;

/**
 * What the sampler keeps of listReplicas: how many and the largest replay lag (0 when every replica has caught up
 * and reports no lag; null without replicas). From pg_stat_get_wal_senders(), the function behind
 * pg_stat_replication, without the view's join to pg_stat_activity — a read of every session of the server, which
 * on a server holding many watched databases costs more than the rest of the sample together.
 */
export async function getReplicationSummary(): Promise<ReplicationSummary> {
  return queryOne(
    replicationSummaryRow,
    `
    SELECT
      count(*) AS "replicas",
      CASE WHEN count(*) > 0 THEN coalesce(max(extract(epoch FROM replay_lag)), 0) END AS "maxLagSeconds"
    FROM pg_stat_get_wal_senders()
  `,
  );
}

const recoveryRow = z.object({
  /** True on a standby (a streaming replica). */
  inRecovery: bool,
  /**
   * On a standby: seconds its visible data is behind — 0 while it streams and has replayed all it received
   * (postgres_exporter's pg_replication_lag query, so an idle primary does not look like lag), otherwise the age
   * of the last transaction it replayed: a standby whose WAL receiver stopped falls behind while its received and
   * replayed positions stay equal. Null on a primary, or before a standby has replayed any transaction.
   */
  lagSeconds: float.nullable(),
});
export type RecoveryStatus = z.output<typeof recoveryRow>;

export async function getRecoveryStatus(run: TransactionRunner = query): Promise<RecoveryStatus> {
  const [row] = await run(
    recoveryRow,
    `
    SELECT
      pg_is_in_recovery() AS "inRecovery",
      CASE
        WHEN NOT pg_is_in_recovery() THEN NULL
        WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn()
          AND EXISTS (SELECT 1 FROM pg_stat_wal_receiver WHERE status = 'streaming') THEN 0
        ELSE greatest(0, extract(epoch FROM now() - pg_last_xact_replay_timestamp()))
      END AS "lagSeconds"
  `,
  );
  return row;
}
