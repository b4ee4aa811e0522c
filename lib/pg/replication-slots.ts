/**
 * Replication slots (pg_replication_slots; PostgreSQL docs, "Replication Slots"): a slot makes the server keep
 * every WAL file from the slot's restart_lsn on until its consumer confirms it. A slot whose replica or subscriber
 * went away keeps retaining WAL until the disk fills — the classic slot outage — unless max_slot_wal_keep_size
 * (13+) caps it, in which case the slot is eventually invalidated (wal_status 'lost') and its consumer must be
 * rebuilt. wal_status and safe_wal_size exist from PostgreSQL 13; the SQL is chosen in `slotSql` only.
 */
import 'server-only';
import { z } from 'zod';
import { getServerVersionNum, query, queryOne } from './client';
import { bool, float, int, text } from './rows';

/** wal_status, safe_wal_size and max_slot_wal_keep_size: PostgreSQL 13. */
const WAL_STATUS_SINCE = 130000;

const slotRow = z.object({
  name: text,
  /** 'physical' (a streaming replica) or 'logical' (a subscriber or decoding client). */
  type: text,
  /** The database of a logical slot; null for a physical one. */
  database: text.nullable(),
  active: bool,
  activePid: int.nullable(),
  temporary: bool,
  /** Bytes of WAL kept for this slot: from its restart_lsn to the current position; null before it reserved any. */
  retainedBytes: float.nullable(),
  /** 'reserved', 'extended', 'unreserved' or 'lost' (13+); null before 13. */
  walStatus: text.nullable(),
  /** Bytes that can still be written before the slot is in danger of losing WAL (13+); null when unlimited. */
  safeWalSizeBytes: float.nullable(),
});

export type ReplicationSlot = z.output<typeof slotRow> & {
  /** What needs attention, or null. */
  problem: string | null;
};

export interface ReplicationSlotReport {
  slots: ReplicationSlot[];
  /** False before PostgreSQL 13: no wal_status, safe_wal_size or max_slot_wal_keep_size. */
  walStatusAvailable: boolean;
  /** max_slot_wal_keep_size as the server shows it ('-1' is unlimited); null before 13. */
  maxSlotWalKeepSize: string | null;
}

/** Why a slot needs attention (pure): lost WAL first, then an inactive slot holding WAL, then one about to lose it. */
export function slotProblem(slot: Pick<ReplicationSlot, 'active' | 'retainedBytes' | 'walStatus'>): string | null {
  if (slot.walStatus === 'lost')
    return 'lost: WAL it needs was removed; its replica or subscriber must be rebuilt, and the slot dropped';
  if (!slot.active && (slot.retainedBytes ?? 0) > 0) {
    return 'inactive and retaining WAL: the server keeps every WAL file since its restart_lsn until the slot is used again or dropped (pg_drop_replication_slot)';
  }
  if (slot.walStatus === 'unreserved') return 'about to lose WAL it needs: retention passed max_slot_wal_keep_size';
  return null;
}

function slotSql(versionNum: number): string {
  const since13 = versionNum >= WAL_STATUS_SINCE;
  // On a standby pg_current_wal_lsn() fails; its slots (for cascading replicas) retain WAL up to what it replayed.
  return `
    SELECT
      slot_name AS "name",
      slot_type AS "type",
      database,
      active,
      active_pid AS "activePid",
      temporary,
      pg_wal_lsn_diff(
        CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END,
        restart_lsn
      ) AS "retainedBytes",
      ${since13 ? 'wal_status' : 'NULL::text'} AS "walStatus",
      ${since13 ? 'safe_wal_size' : 'NULL::bigint'} AS "safeWalSizeBytes"
    FROM pg_replication_slots
    ORDER BY active, "retainedBytes" DESC NULLS LAST, slot_name`;
}

export async function getReplicationSlotReport(): Promise<ReplicationSlotReport> {
  const versionNum = await getServerVersionNum();
  const walStatusAvailable = versionNum >= WAL_STATUS_SINCE;
  const [rows, setting] = await Promise.all([
    query(slotRow, slotSql(versionNum)),
    walStatusAvailable
      ? queryOne(z.object({ value: text }), `SELECT current_setting('max_slot_wal_keep_size') AS "value"`)
      : null,
  ]);
  return {
    slots: rows.map((row) => ({ ...row, problem: slotProblem(row) })),
    walStatusAvailable,
    maxSlotWalKeepSize: setting?.value ?? null,
  };
}
