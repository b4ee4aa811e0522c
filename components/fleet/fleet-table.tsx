import Link from 'next/link';
import { DataTable } from '@/components/ui/data-table';
import { formatBytes, formatPercent, formatTimestamp } from '@/lib/format';
import type { FleetRow, FleetSort } from '@/lib/targets/fleet-view';

const STATUS_TEXT = { bad: 'problem', warn: 'warning', unknown: 'some figures unavailable', ok: 'healthy' } as const;

const SORTABLE: { key: FleetSort; label: string; numeric: boolean; defaultDirection: 'asc' | 'desc' }[] = [
  { key: 'name', label: 'Target', numeric: false, defaultDirection: 'asc' },
  { key: 'connections', label: 'Connections', numeric: true, defaultDirection: 'desc' },
  { key: 'lag', label: 'Replication lag', numeric: true, defaultDirection: 'desc' },
  { key: 'cache', label: 'Cache hit', numeric: true, defaultDirection: 'asc' },
  { key: 'size', label: 'Size', numeric: true, defaultDirection: 'desc' },
  { key: 'sampled', label: 'Last sample', numeric: false, defaultDirection: 'desc' },
];

function header(key: FleetSort, sort: FleetSort, direction: 'asc' | 'desc') {
  const column = SORTABLE.find((candidate) => candidate.key === key)!;
  const next = key === sort ? (direction === 'asc' ? 'desc' : 'asc') : column.defaultDirection;
  return {
    header: <Link href={`/fleet?sort=${key}&dir=${next}`}>{column.label}</Link>,
    numeric: column.numeric,
    sort: key === sort ? (direction === 'asc' ? ('ascending' as const) : ('descending' as const)) : undefined,
  };
}

/** One row per target; red (down or past a threshold) rows first whatever the sort. */
export function FleetTable({
  rows,
  sort,
  direction,
}: {
  rows: FleetRow[];
  sort: FleetSort;
  direction: 'asc' | 'desc';
}) {
  return (
    <DataTable
      testId="fleet"
      rows={rows}
      rowKey={(row) => row.name}
      rowProps={(row) => ({ className: `fleet-row row-${row.status}`, 'data-status': row.status })}
      columns={[
        { ...header('name', sort, direction), cell: (row) => <strong>{row.name}</strong> },
        {
          header: 'Status',
          tone: (row) => `status-${row.status}`,
          cell: (row) => (
            <>
              {row.up === null
                ? row.lastSampleAt
                  ? 'not known now'
                  : 'not sampled yet'
                : `${row.up ? 'up' : 'down'} · ${STATUS_TEXT[row.status]}`}
              {row.problems.length > 0 && <div className="stat-detail">{row.problems.join('; ')}</div>}
            </>
          ),
        },
        { header: 'Version', cell: (row) => row.version ?? '—' },
        { header: 'Role', cell: (row) => row.role ?? '—' },
        {
          ...header('connections', sort, direction),
          cell: (row) => (row.connections === null ? '—' : `${row.connections} / ${row.maxConnections}`),
        },
        {
          ...header('lag', sort, direction),
          cell: (row) => (row.lagSeconds === null ? '—' : `${row.lagSeconds.toFixed(1)} s`),
        },
        { ...header('cache', sort, direction), cell: (row) => formatPercent(row.cacheHitRatio) },
        {
          ...header('size', sort, direction),
          cell: (row) => (row.sizeBytes === null ? '—' : formatBytes(row.sizeBytes)),
        },
        {
          ...header('sampled', sort, direction),
          cell: (row) => (row.lastSampleAt ? formatTimestamp(row.lastSampleAt) : 'never'),
        },
      ]}
    />
  );
}
