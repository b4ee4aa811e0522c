import type { PoolingReport } from '@/lib/checklist/checks/pooling';
import { DataTable } from '../ui/data-table';

type Row = Record<string, string | number | null>;

function RowsTable({ rows, columns, testId }: { rows: Row[]; columns: string[]; testId: string }) {
  return (
    <DataTable
      testId={testId}
      rows={rows.map((row, index) => ({ row, index }))}
      rowKey={(r) => r.index}
      columns={columns.map((column) => ({ header: column, cell: (r: { row: Row }) => String(r.row[column] ?? '—') }))}
    />
  );
}

/** PgBouncer's SHOW POOLS and SHOW STATS, as its admin console reports them. */
export function PgBouncerTables({ report }: { report: PoolingReport['pgbouncer'] }) {
  if (report === null)
    return (
      <p className="notice">
        No PgBouncer configured. Set PGBOUNCER_URL to its admin console (database pgbouncer, a user in admin_users or
        stats_users) to compare it with the guide.
      </p>
    );
  if ('error' in report)
    return <p className="notice error">PgBouncer&apos;s admin console could not be read: {report.error}</p>;
  return (
    <>
      <section className="card report-section" aria-labelledby="pools-heading">
        <h2 id="pools-heading">PgBouncer pools (SHOW POOLS)</h2>
        <RowsTable
          testId="pgbouncer-pools"
          rows={report.pools}
          columns={[
            'database',
            'user',
            'cl_active',
            'cl_waiting',
            'sv_active',
            'sv_idle',
            'sv_used',
            'maxwait',
            'pool_mode',
          ]}
        />
      </section>
      <section className="card report-section" aria-labelledby="stats-heading">
        <h2 id="stats-heading">PgBouncer statistics (SHOW STATS)</h2>
        <RowsTable
          testId="pgbouncer-stats"
          rows={report.stats}
          columns={[
            'database',
            'total_xact_count',
            'total_query_count',
            'total_received',
            'total_sent',
            'avg_xact_time',
            'avg_query_time',
            'avg_wait_time',
          ]}
        />
      </section>
    </>
  );
}
