import { ReportSection } from '@/components/reports/report-section';
import { DataTable } from '@/components/ui/data-table';
import { requirePageRole } from '@/lib/auth/session';
import { formatCount, formatPercent, formatTimestamp } from '@/lib/format';
import { loadSection } from '@/lib/monitoring/sections';
import {
  findSequencesNearExhaustion,
  listTableMaintenance,
  listTableWraparoundAge,
  listWraparoundAge,
} from '@/lib/pg/maintenance';
import { onSelectedTarget } from '@/lib/targets/selection';

export const metadata = { title: 'Maintenance · Halcytone DB Console' };
export const dynamic = 'force-dynamic';

const when = (value: Date | string | null) => (value ? formatTimestamp(value) : 'never');

export default async function MaintenancePage() {
  await requirePageRole('viewer');
  const [tables, wraparound, tableAges, sequences] = await onSelectedTarget(() =>
    Promise.all([
      loadSection('maintenance:tables', () => listTableMaintenance()),
      loadSection('maintenance:wraparound', listWraparoundAge),
      loadSection('maintenance:table-ages', () => listTableWraparoundAge(20)),
      loadSection('maintenance:sequences', () => findSequencesNearExhaustion(0.5)),
    ]),
  );
  return (
    <>
      <h1>Maintenance</h1>
      <ReportSection
        id="wraparound"
        title="Transaction-ID and multixact wraparound"
        description="age(datfrozenxid) and mxid_age(datminmxid) per database. Autovacuum forces a freeze at autovacuum_freeze_max_age (multixacts: autovacuum_multixact_freeze_max_age); PostgreSQL stops accepting writes as either age nears 2^31."
        section={wraparound}
      >
        {(rows) => (
          <DataTable
            rows={rows}
            rowKey={(row) => row.database}
            testId="wraparound"
            columns={[
              { header: 'Database', cell: (row) => row.database },
              {
                header: 'XID age',
                numeric: true,
                cell: (row) => formatCount(row.xidAge),
                tone: (row) => (row.xidAge > row.freezeMaxAge ? 'status-bad' : undefined),
              },
              { header: 'XID freeze forced at', numeric: true, cell: (row) => formatCount(row.freezeMaxAge) },
              { header: 'XID share of the limit', numeric: true, cell: (row) => formatPercent(row.shareOfLimit, 3) },
              {
                header: 'Multixact age',
                numeric: true,
                cell: (row) => formatCount(row.mxidAge),
                tone: (row) => (row.mxidAge > row.multixactFreezeMaxAge ? 'status-bad' : undefined),
              },
              {
                header: 'Multixact freeze forced at',
                numeric: true,
                cell: (row) => formatCount(row.multixactFreezeMaxAge),
              },
              {
                header: 'Multixact share of the limit',
                numeric: true,
                cell: (row) => formatPercent(row.mxidShareOfLimit, 3),
              },
            ]}
          />
        )}
      </ReportSection>
      <ReportSection
        id="table-ages"
        title="Tables holding the age back"
        description="The tables of this database with the oldest unfrozen XIDs or multixacts (their TOAST tables counted with them): a VACUUM (FREEZE) of these lowers the database's age."
        section={tableAges}
        isEmpty={(rows) => rows.length === 0}
      >
        {(rows) => (
          <DataTable
            rows={rows}
            rowKey={(row) => `${row.schema}.${row.table}`}
            testId="table-ages"
            columns={[
              { header: 'Table', cell: (row) => `${row.schema}.${row.table}` },
              { header: 'XID age', numeric: true, cell: (row) => formatCount(row.xidAge) },
              { header: 'Multixact age', numeric: true, cell: (row) => formatCount(row.mxidAge) },
            ]}
          />
        )}
      </ReportSection>
      <ReportSection
        id="sequences"
        title="Sequences near exhaustion"
        description="More than half of the range used (for SERIAL columns, the column type's limit counts)."
        section={sequences}
        isEmpty={(rows) => rows.length === 0}
        empty="No sequence has used more than half of its range."
      >
        {(rows) => (
          <DataTable
            rows={rows}
            rowKey={(row) => `${row.schema}.${row.sequence}`}
            columns={[
              { header: 'Sequence', cell: (row) => `${row.schema}.${row.sequence}` },
              {
                header: 'Last value',
                numeric: true,
                cell: (row) => (row.lastValue === null ? '—' : formatCount(row.lastValue)),
              },
              { header: 'Maximum', numeric: true, cell: (row) => formatCount(row.maxValue) },
              {
                header: 'Used',
                numeric: true,
                cell: (row) => formatPercent(row.usedShare, 1),
                tone: (row) => (row.usedShare > 0.9 ? 'status-bad' : 'status-warn'),
              },
            ]}
          />
        )}
      </ReportSection>
      <ReportSection
        id="tables"
        title="Dead tuples and vacuum"
        description="Most dead tuples first. Dead tuples are reclaimed by (auto)vacuum; stale statistics are refreshed by (auto)analyze."
        section={tables}
        isEmpty={(rows) => rows.length === 0}
      >
        {(rows) => (
          <DataTable
            rows={rows}
            rowKey={(row) => `${row.schema}.${row.table}`}
            columns={[
              { header: 'Table', cell: (row) => `${row.schema}.${row.table}` },
              { header: 'Live', numeric: true, cell: (row) => formatCount(row.liveTuples) },
              { header: 'Dead', numeric: true, cell: (row) => formatCount(row.deadTuples) },
              { header: 'Dead share', numeric: true, cell: (row) => formatPercent(row.deadShare, 1) },
              { header: 'Last vacuum', cell: (row) => when(row.lastVacuum) },
              { header: 'Last autovacuum', cell: (row) => when(row.lastAutovacuum) },
              { header: 'Last analyze', cell: (row) => when(row.lastAnalyze) },
              { header: 'Last autoanalyze', cell: (row) => when(row.lastAutoanalyze) },
            ]}
          />
        )}
      </ReportSection>
    </>
  );
}
