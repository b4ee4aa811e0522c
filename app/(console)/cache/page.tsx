import { ReportSection } from '@/components/reports/report-section';
import { requirePageRole } from '@/lib/auth/session';
import { getEnv } from '@/lib/env';
import { formatBytes, formatCount, formatPercent } from '@/lib/format';
import { loadSection } from '@/lib/monitoring/sections';
import { getCacheHitRatio, listIndexCacheHitRatios, listTableCacheHitRatios, type RelationCacheHit } from '@/lib/pg/cache';
import { findDuplicateIndexes, findInvalidIndexes, findSeqScanHeavyTables, findUnusedIndexes } from '@/lib/pg/indexes';

export const metadata = { title: 'Cache and indexes · Halcytone DB Console' };
export const dynamic = 'force-dynamic';

function RatioTable({ rows, label }: { rows: RelationCacheHit[]; label: string }) {
  return (
    <div className="table-wrap" tabIndex={0}>
      <table>
        <thead>
          <tr>
            <th scope="col">{label}</th>
            <th scope="col" className="num">Blocks hit</th>
            <th scope="col" className="num">Blocks read</th>
            <th scope="col" className="num">Hit ratio</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={`${row.schema}.${row.relation}`}>
              <td>
                {row.schema}.{row.relation}
              </td>
              <td className="num">{formatCount(row.blocksHit)}</td>
              <td className="num">{formatCount(row.blocksRead)}</td>
              <td className="num">{formatPercent(row.ratio)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default async function CachePage() {
  await requirePageRole('viewer');
  const threshold = getEnv().ALERT_CACHE_HIT_RATIO;
  const [overall, tables, indexes, unused, duplicates, invalid, seqScans] = await Promise.all([
    loadSection('cache:overall', getCacheHitRatio),
    loadSection('cache:tables', () => listTableCacheHitRatios()),
    loadSection('cache:indexes', () => listIndexCacheHitRatios()),
    loadSection('indexes:unused', findUnusedIndexes),
    loadSection('indexes:duplicate', findDuplicateIndexes),
    loadSection('indexes:invalid', findInvalidIndexes),
    loadSection('indexes:seq-scans', () => findSeqScanHeavyTables()),
  ]);
  return (
    <>
      <h1>Cache and indexes</h1>
      <ReportSection id="overall" title="Cache hit ratio" description={`The guide's query over pg_statio_user_tables; healthy above ${formatPercent(threshold, 0)}.`} section={overall}>
        {(ratio) => (
          <p>
            <span className={`stat-value ${ratio.ratio === null ? '' : ratio.ratio >= threshold ? 'status-ok' : 'status-warn'}`} data-testid="cache-hit-ratio">
              {formatPercent(ratio.ratio)}
            </span>{' '}
            <span className="stat-detail">
              {formatCount(ratio.heapHit)} blocks hit, {formatCount(ratio.heapRead)} read from disk
            </span>
          </p>
        )}
      </ReportSection>
      <ReportSection id="unused" title="Unused indexes" description="Never scanned since statistics were last reset; unique and primary-key indexes are left out because they enforce constraints." section={unused} isEmpty={(rows) => rows.length === 0} empty="Every index has been used.">
        {(rows) => (
          <table data-testid="unused-indexes">
            <thead>
              <tr>
                <th scope="col">Index</th>
                <th scope="col" className="num">Size</th>
                <th scope="col">Definition</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={`${row.schema}.${row.index}`}>
                  <td>
                    {row.schema}.{row.index}
                  </td>
                  <td className="num">{formatBytes(row.sizeBytes)}</td>
                  <td className="mono">{row.definition}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </ReportSection>
      <ReportSection id="duplicates" title="Duplicate indexes" description="An index whose columns lead another index on the same table (same method and predicate) can usually be dropped." section={duplicates} isEmpty={(rows) => rows.length === 0} empty="No duplicate indexes.">
        {(rows) => (
          <table>
            <thead>
              <tr>
                <th scope="col">Redundant</th>
                <th scope="col">Covered by</th>
                <th scope="col" className="num">Size</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={`${row.schema}.${row.redundant}.${row.covering}`}>
                  <td className="mono">{row.redundantDefinition}</td>
                  <td className="mono">{row.coveringDefinition}</td>
                  <td className="num">{formatBytes(row.sizeBytes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </ReportSection>
      <ReportSection id="invalid" title="Invalid indexes" description="Left by a failed CREATE INDEX CONCURRENTLY: maintained on every write, never used. Drop and rebuild them." section={invalid} isEmpty={(rows) => rows.length === 0} empty="No invalid indexes.">
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
      <ReportSection id="seq-scans" title="Tables read mostly by sequential scans" description="Tables of 10,000 rows or more where sequential scans outnumber index scans: candidates for a missing index." section={seqScans} isEmpty={(rows) => rows.length === 0} empty="None.">
        {(rows) => (
          <table>
            <thead>
              <tr>
                <th scope="col">Table</th>
                <th scope="col" className="num">Sequential scans</th>
                <th scope="col" className="num">Index scans</th>
                <th scope="col" className="num">Rows</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={`${row.schema}.${row.table}`}>
                  <td>
                    {row.schema}.{row.table}
                  </td>
                  <td className="num">{formatCount(row.seqScans)}</td>
                  <td className="num">{formatCount(row.indexScans)}</td>
                  <td className="num">{formatCount(row.estimatedRows)}</td>
                </tr>
              ))}
            </tbody>
          </table>
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
