import Link from 'next/link';
import { DataTable } from '@/components/ui/data-table';
import { formatBytes, formatPercent, formatTimestamp } from '@/lib/format';
import { fleetHref } from '@/lib/targets/fleet-query';
import type { FleetQuery, FleetRow, FleetSort } from '@/lib/targets/fleet-view';

const STATUS_TEXT = { bad: 'problem', warn: 'warning', unknown: 'some figures unavailable', ok: 'healthy' } as const;

const SORTABLE: { key: FleetSort; label: string; numeric: boolean; defaultDirection: 'asc' | 'desc' }[] = [
  { key: 'name', label: 'Target', numeric: false, defaultDirection: 'asc' },
  { key: 'connections', label: 'Connections', numeric: true, defaultDirection: 'desc' },
  { key: 'lag', label: 'Replication lag', numeric: true, defaultDirection: 'desc' },
  { key: 'cache', label: 'Cache hit', numeric: true, defaultDirection: 'asc' },
  { key: 'size', label: 'Size', numeric: true, defaultDirection: 'desc' },
  { key: 'sampled', label: 'Last sample', numeric: false, defaultDirection: 'desc' },
];

/** A sortable heading: the same filters, the first page. */
function header(key: FleetSort, query: FleetQuery) {
  const column = SORTABLE.find((candidate) => candidate.key === key)!;
  const current = key === query.sort;
  const next = current ? (query.direction === 'asc' ? 'desc' : 'asc') : column.defaultDirection;
  return {
    header: <Link href={fleetHref(query, { sort: key, direction: next, page: 1 })}>{column.label}</Link>,
    numeric: column.numeric,
    sort: current ? (query.direction === 'asc' ? ('ascending' as const) : ('descending' as const)) : undefined,
  };
}

function stateText(row: FleetRow): string {
  switch (row.state) {
    case 'up':
      return `up · ${STATUS_TEXT[row.status]}`;
    case 'failing':
      return `failing · ${row.failures} failed ${row.failures === 1 ? 'attempt' : 'attempts in a row'}, not down yet`;
    case 'down':
      return 'down';
    case 'not-sampled':
      return 'not sampled';
    case 'unknown':
      return row.lastSampleAt ? 'not known now' : 'not sampled yet';
  }
}

/** One row per target of this page; red (down or past a threshold) rows first whatever the sort. */
export function FleetTable({ rows, query }: { rows: FleetRow[]; query: FleetQuery }) {
  return (
    <DataTable
      testId="fleet"
      rows={rows}
      rowKey={(row) => row.name}
      rowProps={(row) => ({
        className: `fleet-row row-${row.status}`,
        'data-status': row.status,
        'data-state': row.state,
      })}
      columns={[
        { ...header('name', query), cell: (row) => <strong>{row.name}</strong> },
        {
          header: 'Status',
          tone: (row) => `status-${row.status}`,
          cell: (row) => (
            <>
              {stateText(row)}
              {row.reason && <div className="stat-detail">{row.reason}</div>}
              {row.problems.length > 0 && <div className="stat-detail">{row.problems.join('; ')}</div>}
            </>
          ),
        },
        {
          header: 'Tags',
          cell: (row) =>
            row.tags.length === 0
              ? '—'
              : row.tags.map((tag, index) => (
                  <span key={tag}>
                    {index > 0 && ', '}
                    <Link href={fleetHref(query, { tag, page: 1 })} aria-label={`Only targets tagged ${tag}`}>
                      {tag}
                    </Link>
                  </span>
                )),
        },
        { header: 'Version', cell: (row) => row.version ?? '—' },
        { header: 'Role', cell: (row) => row.role ?? '—' },
        {
          ...header('connections', query),
          cell: (row) => (row.connections === null ? '—' : `${row.connections} / ${row.maxConnections}`),
        },
        {
          ...header('lag', query),
          cell: (row) => (row.lagSeconds === null ? '—' : `${row.lagSeconds.toFixed(1)} s`),
        },
        { ...header('cache', query), cell: (row) => formatPercent(row.cacheHitRatio) },
        {
          ...header('size', query),
          cell: (row) => (row.sizeBytes === null ? '—' : formatBytes(row.sizeBytes)),
        },
        {
          ...header('sampled', query),
          cell: (row) => (row.lastSampleAt ? formatTimestamp(row.lastSampleAt) : 'never'),
        },
      ]}
    />
  );
}
