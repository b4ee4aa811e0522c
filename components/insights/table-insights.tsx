import { formatBytes, formatClock, formatCount } from '@/lib/format';
import type { Section } from '@/lib/monitoring/sections';
import type { TableInsightsData } from '@/lib/tables/insights/load-table-insights';
import { QUEUE_DAYS_AHEAD } from '@/lib/tables/insights/rollups/definitions';
import type { DueItems, QueueItem } from '@/lib/tables/insights/scheduled-content';
import type { InsightsRange } from '@/lib/tables/insights/time-range';
import type { SegmentView } from '@/lib/tables/insights/user-segments';
import { LineChart } from '../history/line-chart';
import { QueryText } from '../reports/query-text';
import { ReportSection } from '../reports/report-section';
import { DataTable } from '../ui/data-table';
import { AuditFinder } from './audit-finder';
import { BarChart } from './bar-chart';
import { colorAt, pivot } from './pivot';
import { ScheduledItemControls, SegmentToggle } from './queue-controls';

const fixed = (value: number | null, digits = 4) => (value === null ? '—' : value.toFixed(digits));
const percentile = (value: number | null, kind: 'exact' | 'approximate') =>
  value === null ? '—' : `${kind === 'approximate' ? '≈ ' : ''}${value.toFixed(0)}`;

type Of<T extends TableInsightsData['table']> = Extract<TableInsightsData, { table: T }>;

function AbTests({ comparison: section, total, range }: Of<'ab_test_results'> & { range: InsightsRange }) {
  return (
    <>
      <RangeTotal total={total} what="results" range={range} />
      <ReportSection
        id="ab"
        title={`Variants against control (${range.label})`}
        description="The 12 most recently active tests of the range: mean per variant and its difference from control with a 95 % confidence interval (Welch), from per-day moments (n, Σx, Σx²) — exactly what the raw rows give."
        section={section}
        isEmpty={(rows) => rows.length === 0}
        empty="No A/B results in this range."
      >
        {(rows) => (
          <>
            {[...new Set(rows.map((r) => r.metricName))].map((metric) => {
              const chart = pivot(
                rows.filter((r) => r.metricName === metric),
                (r) => r.testId,
                (r) => r.variantId,
                (r) => r.mean,
              );
              return (
                <div key={metric}>
                  <h3>{metric}: mean by test and variant</h3>
                  <BarChart
                    data={chart.rows}
                    xKey="x"
                    series={chart.keys.map((key, i) => ({ key, label: key, color: colorAt(i) }))}
                    testId={`ab-chart-${metric}`}
                  />
                </div>
              );
            })}
            <DataTable
              testId="ab-comparison"
              rows={rows}
              rowKey={(r) => `${r.testId}/${r.metricName}/${r.variantId}`}
              columns={[
                { header: 'Test', cell: (r) => r.testId },
                { header: 'Metric', cell: (r) => r.metricName },
                { header: 'Variant', cell: (r) => r.variantId },
                { header: 'n', numeric: true, cell: (r) => formatCount(r.count) },
                { header: 'Mean', numeric: true, cell: (r) => fixed(r.mean) },
                { header: 'Δ vs control', numeric: true, cell: (r) => fixed(r.difference?.value ?? null) },
                {
                  header: '95 % CI',
                  numeric: true,
                  cell: (r) => (r.difference ? `[${fixed(r.difference.low)}, ${fixed(r.difference.high)}]` : '—'),
                  tone: (r) =>
                    r.difference && (r.difference.low > 0 || r.difference.high < 0) ? 'status-ok' : undefined,
                },
              ]}
            />
          </>
        )}
      </ReportSection>
    </>
  );
}

function ContentMetrics({
  generation: byDay,
  quality,
  total,
  range,
}: Of<'content_metrics'> & { range: InsightsRange }) {
  return (
    <>
      <RangeTotal total={total} what="metrics rows" range={range} />
      <ReportSection
        id="generation"
        title={`Generation time per channel (${range.label})`}
        description="p50 and p95 of generation_time_ms per channel and day, tokens used. Closed days are exact (percentile_cont over the day's rows, computed once); today's, marked ≈, come from a 2 % log histogram and are within 1 %."
        section={byDay}
        isEmpty={(rows) => rows.length === 0}
        empty="No metrics in this range."
      >
        {(rows) => {
          const p95 = pivot(
            rows,
            (r) => r.day,
            (r) => r.channel,
            (r) => r.p95Ms,
          );
          const p50 = pivot(
            rows,
            (r) => r.day,
            (r) => r.channel,
            (r) => r.p50Ms,
          );
          const toTime = (data: typeof p95.rows) => data.map((row) => ({ ...row, t: Date.parse(String(row.x)) }));
          return (
            <>
              <h3>p50 (ms)</h3>
              <LineChart
                data={toTime(p50.rows)}
                series={p50.keys.map((key, i) => ({ key, label: key, color: colorAt(i) }))}
                testId="generation-p50"
              />
              <h3>p95 (ms)</h3>
              <LineChart
                data={toTime(p95.rows)}
                series={p95.keys.map((key, i) => ({ key, label: key, color: colorAt(i) }))}
                testId="generation-p95"
              />
              <DataTable
                rows={rows}
                rowKey={(r) => `${r.day}/${r.channel}`}
                columns={[
                  { header: 'Day', cell: (r) => r.day },
                  { header: 'Channel', cell: (r) => r.channel },
                  { header: 'Items', numeric: true, cell: (r) => formatCount(r.items) },
                  { header: 'p50 ms', numeric: true, cell: (r) => percentile(r.p50Ms, r.percentiles) },
                  { header: 'p95 ms', numeric: true, cell: (r) => percentile(r.p95Ms, r.percentiles) },
                  { header: 'Percentiles', cell: (r) => r.percentiles },
                  { header: 'Tokens', numeric: true, cell: (r) => formatCount(r.tokens) },
                ]}
              />
            </>
          );
        }}
      </ReportSection>
      <ReportSection
        id="quality"
        title={`Quality score distribution (${range.label})`}
        section={quality}
        isEmpty={(rows) => rows.length === 0}
      >
        {(rows) => (
          <BarChart
            data={rows.map((r) => ({ bucket: r.from.toFixed(1), count: r.count }))}
            xKey="bucket"
            series={[{ key: 'count', label: 'items', color: 'var(--chart-2)' }]}
            testId="quality-chart"
          />
        )}
      </ReportSection>
    </>
  );
}

/** The exact number of the table's rows on the range's days, from the rollups (data-value: for tests and scripts). */
function RangeTotal({ total, what, range }: { total: Section<number>; what: string; range: InsightsRange }) {
  if (!total.ok)
    return (
      <p className="stat-detail" data-testid="range-total">
        The number of {what} in the {range.label} could not be read: {total.message}
      </p>
    );
  return (
    <p className="stat-detail" data-testid="range-total" data-value={total.data}>
      {formatCount(total.data)} {what} in the {range.label}.
    </p>
  );
}

/** "counted whole between … and …": when a mutable table's slots were last re-counted (lib/tables/insights/rollups). */
function recountedText(recounted: Section<{ oldest: Date | null; newest: Date | null }>): string {
  if (!recounted.ok || !recounted.data.oldest || !recounted.data.newest) return '';
  return ` Each ten-minute slot of them is re-counted in rotation (the slots around today most often): these counts are from between ${formatClock(recounted.data.oldest)} and ${formatClock(recounted.data.newest)}.`;
}

/** What a bounded search of the due queue looked at (lib/tables/insights/scheduled-content.ts findDue). */
function searchedText(searched: DueItems['searched']): string {
  return `Searched ${formatCount(searched.rows)} items due since ${searched.since}${searched.capped ? ' (the most recent ones: the search stops there to bound its cost)' : ''}.`;
}

function ScheduledContent({
  statuses,
  queue,
  recounted,
  overdue,
  failed,
  canWrite,
  range,
}: Of<'scheduled_content'> & { canWrite: boolean; range: InsightsRange }) {
  const itemColumns = (showError: boolean) => [
    { header: 'id', numeric: true, cell: (r: QueueItem) => r.id },
    { header: 'content_id', cell: (r: QueueItem) => r.contentId },
    { header: 'Channel', cell: (r: QueueItem) => r.channel },
    { header: 'Scheduled', cell: (r: QueueItem) => r.scheduledTime },
    { header: 'Retries', numeric: true, cell: (r: QueueItem) => r.retryCount ?? '—' },
    ...(showError
      ? [{ header: 'Error', cell: (r: QueueItem) => (r.errorMessage ? <QueryText query={r.errorMessage} /> : '—') }]
      : []),
    ...(canWrite
      ? [{ header: 'Actions', cell: (r: QueueItem) => <ScheduledItemControls id={r.id} status={r.status} /> }]
      : []),
  ];
  return (
    <>
      <ReportSection
        id="status"
        title="Items by status"
        description={`Every item, from the rollups.${recountedText(recounted)}`}
        section={statuses}
      >
        {(rows) => (
          <DataTable
            rows={rows}
            rowKey={(r) => r.status}
            columns={[
              { header: 'Status', cell: (r) => r.status },
              { header: 'Items', numeric: true, cell: (r) => formatCount(r.count) },
            ]}
          />
        )}
      </ReportSection>
      <ReportSection
        id="queue"
        title="Queue by scheduled day"
        description={`The ${range.label} and the ${QUEUE_DAYS_AHEAD} days after, from the rollups.`}
        section={queue}
        isEmpty={(rows) => rows.length === 0}
      >
        {(rows) => {
          const chart = pivot(
            rows,
            (r) => r.day,
            (r) => r.status,
            (r) => r.count,
          );
          return (
            <BarChart
              data={chart.rows}
              xKey="x"
              series={chart.keys.map((key, i) => ({ key, label: key, color: colorAt(i) }))}
              testId="queue-chart"
            />
          );
        }}
      </ReportSection>
      <ReportSection
        id="overdue"
        title="Overdue pending items"
        description={
          overdue.ok
            ? `Pending, with a scheduled time already past (oldest first, up to 100), live. ${searchedText(overdue.data.searched)}`
            : 'Pending, with a scheduled time already past (oldest first, up to 100), live.'
        }
        section={overdue}
        isEmpty={(due) => due.items.length === 0}
        empty="Nothing is overdue among the items searched."
      >
        {(due) => (
          <DataTable testId="overdue-items" rows={due.items} rowKey={(r) => r.id} columns={itemColumns(false)} />
        )}
      </ReportSection>
      <ReportSection
        id="failed"
        title="Failed items"
        description={
          failed.ok
            ? `Newest first, up to 100, with the error each failed with, live. ${searchedText(failed.data.searched)}`
            : 'Newest first, up to 100, with the error each failed with, live.'
        }
        section={failed}
        isEmpty={(due) => due.items.length === 0}
        empty="No failed items among the items searched."
      >
        {(due) => (
          <DataTable
            testId="failed-items"
            rows={due.items}
            rowKey={(r) => r.id}
            rowProps={(r) => ({ 'data-id': r.id })}
            columns={itemColumns(true)}
          />
        )}
      </ReportSection>
    </>
  );
}

function CacheMetadata({ states, top, targets, expiring, recounted }: Of<'cache_metadata'>) {
  return (
    <>
      <ReportSection
        id="states"
        title="Live and expired entries"
        description={`Entries of the other expiry hours from the rollups; this hour's split at now by a live scan of its entries.${recountedText(recounted)}`}
        section={states}
      >
        {({ states: rows }) => (
          <DataTable
            testId="cache-states"
            rows={rows}
            rowKey={(r) => r.state}
            columns={[
              { header: 'State', cell: (r) => r.state },
              { header: 'Entries', numeric: true, cell: (r) => formatCount(r.entries) },
              { header: 'Size', numeric: true, cell: (r) => formatBytes(r.bytes) },
            ]}
          />
        )}
      </ReportSection>
      <ReportSection
        id="expiring"
        title="Expiring now"
        description="Entries whose expiry is within an hour either side of now, per target: live, a range scan of idx_cache_expires."
        section={expiring}
        isEmpty={(window) => window.targets.length === 0}
        empty="No entry expired in the last hour or expires in the next."
      >
        {(window) => (
          <DataTable
            testId="cache-expiring"
            rows={window.targets}
            rowKey={(r) => r.target}
            columns={[
              { header: 'Target', cell: (r) => r.target },
              { header: 'Expired in the last hour', numeric: true, cell: (r) => formatCount(r.expiredEntries) },
              { header: 'Expiring in the next hour', numeric: true, cell: (r) => formatCount(r.liveEntries) },
              { header: 'Size expiring', numeric: true, cell: (r) => formatBytes(r.liveBytes) },
            ]}
          />
        )}
      </ReportSection>
      <ReportSection id="targets" title="Size by target" description="Every entry, from the rollups." section={targets}>
        {(rows) => (
          <>
            <BarChart
              data={rows.map((r) => ({ target: r.target, bytes: r.bytes }))}
              xKey="target"
              series={[{ key: 'bytes', label: 'bytes', color: 'var(--chart-4)' }]}
              testId="cache-targets-chart"
            />
            <DataTable
              rows={rows}
              rowKey={(r) => r.target}
              columns={[
                { header: 'Target', cell: (r) => r.target },
                { header: 'Entries', numeric: true, cell: (r) => formatCount(r.entries) },
                { header: 'Size', numeric: true, cell: (r) => formatBytes(r.bytes) },
              ]}
            />
          </>
        )}
      </ReportSection>
      <ReportSection
        id="top"
        title="Most used keys"
        description="The top of each ten-minute expiry slot's 20 most used keys, kept by the rollups."
        section={top}
        isEmpty={(rows) => rows.length === 0}
      >
        {(rows) => (
          <DataTable
            rows={rows}
            rowKey={(r) => r.cacheKey}
            columns={[
              { header: 'Key', cell: (r) => <code>{r.cacheKey}</code> },
              { header: 'Target', cell: (r) => r.target },
              { header: 'Hits', numeric: true, cell: (r) => formatCount(r.hitCount) },
              { header: 'Size', numeric: true, cell: (r) => (r.sizeBytes === null ? '—' : formatBytes(r.sizeBytes)) },
              { header: 'State', cell: (r) => (r.expired ? 'expired' : 'live') },
            ]}
          />
        )}
      </ReportSection>
    </>
  );
}

function UserSegments({ segments, canWrite }: Of<'user_segments'> & { canWrite: boolean }) {
  return (
    <ReportSection
      id="segments"
      title="Segments"
      description="The first 200 by segment_id (the primary key, so this reads 200 rows at any size), with their criteria; the table browser has the rest."
      section={segments}
      isEmpty={(page) => page.segments.length === 0}
    >
      {(page) => (
        <DataTable
          testId="segments"
          rows={page.segments}
          rowKey={(r) => r.segmentId}
          rowProps={(r) => ({ 'data-id': r.segmentId })}
          columns={[
            { header: 'Segment', cell: (r) => `${r.segmentName} (${r.segmentId})` },
            { header: 'Criteria', cell: (r) => <QueryText query={JSON.stringify(r.criteria, null, 2)} max={80} /> },
            { header: 'Active', cell: (r) => (r.active === null ? '—' : r.active ? 'yes' : 'no') },
            { header: 'Updated', cell: (r) => r.updatedAt },
            ...(canWrite
              ? [
                  {
                    header: 'Actions',
                    cell: (r: SegmentView) => <SegmentToggle segmentId={r.segmentId} active={r.active ?? false} />,
                  },
                ]
              : []),
          ]}
        />
      )}
    </ReportSection>
  );
}

function ContentAudit({ operations, total, range }: Of<'content_audit'> & { range: InsightsRange }) {
  return (
    <>
      <AuditFinder />
      <RangeTotal total={total} what="audit entries" range={range} />
      <ReportSection
        id="operations"
        title={`Operations per day (${range.label})`}
        section={operations}
        isEmpty={(rows) => rows.length === 0}
      >
        {(rows) => {
          const chart = pivot(
            rows,
            (r) => r.day,
            (r) => r.operation,
            (r) => r.count,
          );
          return (
            <BarChart
              data={chart.rows}
              xKey="x"
              series={chart.keys.map((key, i) => ({ key, label: key, color: colorAt(i) }))}
              testId="operations-chart"
            />
          );
        }}
      </ReportSection>
    </>
  );
}

/** A table's insights as loaded by lib/tables/insights/load-table-insights.ts: each section its data or its reason. */
export function TableInsights({
  insights,
  range,
  canWrite,
}: {
  insights: TableInsightsData;
  range: InsightsRange;
  canWrite: boolean;
}) {
  switch (insights.table) {
    case 'ab_test_results':
      return <AbTests {...insights} range={range} />;
    case 'content_metrics':
      return <ContentMetrics {...insights} range={range} />;
    case 'scheduled_content':
      return <ScheduledContent {...insights} canWrite={canWrite} range={range} />;
    case 'cache_metadata':
      return <CacheMetadata {...insights} />;
    case 'user_segments':
      return <UserSegments {...insights} canWrite={canWrite} />;
    case 'content_audit':
      return <ContentAudit {...insights} range={range} />;
  }
}
