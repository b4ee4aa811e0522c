import { ReportSection } from '@/components/reports/report-section';
import { DataTable } from '@/components/ui/data-table';
import { requirePageRole } from '@/lib/auth/session';
import { getEnv } from '@/lib/env';
import { formatBytes, formatCount, formatPercent } from '@/lib/format';
import { loadSection } from '@/lib/monitoring/sections';
import { configuredThresholds, judgeCacheHit } from '@/lib/monitoring/thresholds';
import {
  getCacheHitRatio,
  listIndexCacheHitRatios,
  listTableCacheHitRatios,
  type RelationCacheHit,
} from '@/lib/pg/cache';
import { findDuplicateIndexes, findInvalidIndexes, findSeqScanHeavyTables, findUnusedIndexes } from '@/lib/pg/indexes';
import { onSelectedTarget } from '@/lib/targets/selection';

export const metadata = { title: 'Cache and indexes · Halcytone DB Console' };
export const dynamic = 'force-dynamic';

function RatioTable({ rows, label }: { rows: RelationCacheHit[]; label: string }) {
  return (
    <DataTable
      rows={rows}
      rowKey={(row) => `${row.schema}.${row.relation}`}
      columns={[
        { header: label, cell: (row) => `${row.schema}.${row.relation}` },
        { header: 'Blocks hit', numeric: true, cell: (row) => formatCount(row.blocksHit) },
        { header: 'Blocks read', numeric: true, cell: (row) => formatCount(row.blocksRead) },
        { header: 'Hit ratio', numeric: true, cell: (row) => formatPercent(row.ratio) },
      ]}
    />
  );
}

export default async function CachePage() {
  await requirePageRole('viewer');
  const thresholds = configuredThresholds(getEnv());
  const [overall, tables, indexes, unused, duplicates, invalid, seqScans] = await onSelectedTarget(() =>
    Promise.all([
      loadSection('cache:overall', getCacheHitRatio),
      loadSection('cache:tables', () => listTableCacheHitRatios()),
      loadSection('cache:indexes', () => listIndexCacheHitRatios()),
      loadSection('indexes:unused', findUnusedIndexes),
      loadSection('indexes:duplicate', findDuplicateIndexes),
      loadSection('indexes:invalid', findInvalidIndexes),
      loadSection('indexes:seq-scans', () => findSeqScanHeavyTables()),
    ]),
  );
  return (
    <>
      <h1>Cache and indexes</h1>
      <ReportSection
        id="overall"
        title="Cache hit ratio"
        description={`The guide's query over pg_statio_user_tables; healthy above ${formatPercent(thresholds.cacheHitRatio, 0)}, judged once ${formatCount(thresholds.cacheHitMinBlocks)} blocks have been read or hit since the statistics were reset.`}
        section={overall}
      >
        {(ratio) => {
          const judged = judgeCacheHit(ratio, thresholds);
          return (
            <p>
              <span
                className={`stat-value ${judged.kind === 'judged' ? `status-${judged.status}` : ''}`}
                data-testid="cache-hit-ratio"
              >
                {formatPercent(ratio.ratio)}
              </span>{' '}
              <span className="stat-detail">
                {formatCount(ratio.heapHit)} blocks hit, {formatCount(ratio.heapRead)} read from disk
                {judged.kind === 'warming-up' &&
                  ' — warming up: too few blocks since the statistics were reset to judge'}
              </span>
            </p>
          );
        }}
      </ReportSection>
      <ReportSection
        id="unused"
        title="Unused indexes"
        description="Never scanned since statistics were last reset; unique and primary-key indexes are left out because they enforce constraints."
        section={unused}
        isEmpty={(rows) => rows.length === 0}
        empty="Every index has been used."
      >
        {(rows) => (
          <DataTable
            testId="unused-indexes"
            rows={rows}
            rowKey={(row) => `${row.schema}.${row.index}`}
            columns={[
              { header: 'Index', cell: (row) => `${row.schema}.${row.index}` },
              { header: 'Size', numeric: true, cell: (row) => formatBytes(row.sizeBytes) },
              { header: 'Definition', cell: (row) => <code>{row.definition}</code> },
            ]}
          />
        )}
      </ReportSection>
      <ReportSection
        id="duplicates"
        title="Duplicate indexes"
        description="An index whose columns lead another index on the same table (same method and predicate) can usually be dropped."
        section={duplicates}
        isEmpty={(rows) => rows.length === 0}
        empty="No duplicate indexes."
      >
        {(rows) => (
          <DataTable
            rows={rows}
            rowKey={(row) => `${row.schema}.${row.redundant}.${row.covering}`}
            columns={[
              { header: 'Redundant', cell: (row) => <code>{row.redundantDefinition}</code> },
              { header: 'Covered by', cell: (row) => <code>{row.coveringDefinition}</code> },
              { header: 'Size', numeric: true, cell: (row) => formatBytes(row.sizeBytes) },
            ]}
          />
        )}
      </ReportSection>
      <ReportSection
        id="invalid"
        title="Invalid indexes"
        description="Left by a failed CREATE INDEX CONCURRENTLY: maintained on every write, never used. Drop and rebuild them."
        section={invalid}
        isEmpty={(rows) => rows.length === 0}
        empty="No invalid indexes."
      >
        {(rows) => (
          <ul>
            {rows.map((row) => (
              <li key={`${row.schema}.${row.index}`} className="mono">
                {row.definition}
              </li>
            ))}
          </ul>
        )}
      </ReportSection>
      <ReportSection
        id="seq-scans"
        title="Tables read mostly by sequential scans"
        description="Tables of 10,000 rows or more where sequential scans outnumber index scans: candidates for a missing index."
        section={seqScans}
        isEmpty={(rows) => rows.length === 0}
        empty="None."
      >
        {(rows) => (
          <DataTable
            rows={rows}
            rowKey={(row) => `${row.schema}.${row.table}`}
            columns={[
              { header: 'Table', cell: (row) => `${row.schema}.${row.table}` },
              { header: 'Sequential scans', numeric: true, cell: (row) => formatCount(row.seqScans) },
              { header: 'Index scans', numeric: true, cell: (row) => formatCount(row.indexScans) },
              { header: 'Rows', numeric: true, cell: (row) => formatCount(row.estimatedRows) },
            ]}
          />
        )}
      </ReportSection>
      <ReportSection id="tables" title="Hit ratio per table" section={tables} isEmpty={(rows) => rows.length === 0}>
        {(rows) => <RatioTable rows={rows} label="Table" />}
      </ReportSection>
      <ReportSection id="indexes" title="Hit ratio per index" section={indexes} isEmpty={(rows) => rows.length === 0}>
        {(rows) => <RatioTable rows={rows} label="Index" />}
      </ReportSection>
    </>
  );
}
