import { ReportSection } from '@/components/reports/report-section';
import { DataTable, type Column } from '@/components/ui/data-table';
import { formatBytes } from '@/lib/format';
import type { Section } from '@/lib/monitoring/sections';
import type { ReplicationSlot, ReplicationSlotReport } from '@/lib/pg/replication-slots';

/** wal_status values that mean WAL the consumer needs is gone or about to go (PostgreSQL docs, pg_replication_slots). */
const WAL_IN_DANGER = new Set(['lost', 'unreserved']);

const COLUMNS: Column<ReplicationSlot>[] = [
  { header: 'Slot', cell: (slot) => slot.name },
  { header: 'Type', cell: (slot) => (slot.database ? `${slot.type} (${slot.database})` : slot.type) },
  {
    header: 'Active',
    cell: (slot) => (slot.active ? `yes (pid ${slot.activePid})` : 'no'),
    tone: (slot) => (slot.active ? undefined : 'status-warn'),
  },
  {
    header: 'WAL retained',
    numeric: true,
    cell: (slot) => (slot.retainedBytes === null ? 'none reserved' : formatBytes(slot.retainedBytes)),
  },
];

/** Only from PostgreSQL 13. */
const WAL_STATUS_COLUMNS: Column<ReplicationSlot>[] = [
  {
    header: 'wal_status',
    cell: (slot) => slot.walStatus ?? '—',
    tone: (slot) => (WAL_IN_DANGER.has(slot.walStatus ?? '') ? 'status-bad' : undefined),
  },
  {
    header: 'Safe to write',
    numeric: true,
    cell: (slot) => (slot.safeWalSizeBytes === null ? 'no limit' : formatBytes(slot.safeWalSizeBytes)),
  },
];

const ATTENTION: Column<ReplicationSlot> = {
  header: 'Attention',
  cell: (slot) => slot.problem ?? 'none',
  tone: (slot) => (slot.problem ? 'status-bad' : undefined),
};

function walLimit(report: ReplicationSlotReport): string {
  if (!report.walStatusAvailable)
    return 'wal_status, safe_wal_size and max_slot_wal_keep_size need PostgreSQL 13: on this server a slot retains WAL without limit.';
  return report.maxSlotWalKeepSize === '-1'
    ? 'max_slot_wal_keep_size = -1: a slot retains WAL without limit, so an abandoned one can fill the disk.'
    : `max_slot_wal_keep_size = ${report.maxSlotWalKeepSize}: a slot retaining more is invalidated (its consumer must then be rebuilt).`;
}

/** pg_replication_slots: each slot, whether it is in use, and the WAL it keeps on disk. */
export function ReplicationSlots({ slots }: { slots: Section<ReplicationSlotReport> }) {
  return (
    <ReportSection
      id="replication-slots"
      title="Replication slots"
      description="A slot keeps every WAL file its replica or subscriber has not confirmed yet. A slot whose consumer went away keeps WAL until it is dropped."
      section={slots}
      isEmpty={(report) => report.slots.length === 0}
      empty="No replication slots on this server."
    >
      {(report) => (
        <>
          <p className="stat-detail" data-testid="slot-wal-limit">
            {walLimit(report)}
          </p>
          <DataTable
            rows={report.slots}
            rowKey={(slot) => slot.name}
            testId="replication-slots"
            columns={[...COLUMNS, ...(report.walStatusAvailable ? WAL_STATUS_COLUMNS : []), ATTENTION]}
          />
        </>
      )}
    </ReportSection>
  );
}
