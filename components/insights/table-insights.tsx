import { formatBytes, formatCount } from '@/lib/format';
import type { TableInsightsData } from '@/lib/tables/insights/load-table-insights';
import { LineChart } from '../history/line-chart';
import { QueryText } from '../reports/query-text';
import { ReportSection } from '../reports/report-section';
import { DataTable } from '../ui/data-table';
import { AuditFinder } from './audit-finder';
import { BarChart } from './bar-chart';
import { colorAt, pivot } from './pivot';
import { ScheduledItemControls, SegmentToggle } from './queue-controls';

const fixed = (value: number | null, digits = 4) => (value === null ? '—' : value.toFixed(digits));

type Of<T extends TableInsightsData['table']> = Extract<TableInsightsData, { table: T }>;

function AbTests({ comparison: section }: Of<'ab_test_results'>) {
  return (
    <ReportSection
      id="ab"
      title="Variants against control"
      description="The 12 most recently active tests: mean per variant and its difference from control with a 95 % confidence interval (Welch)."
      section={section}
      isEmpty={(rows) => rows.length === 0}
      empty="No A/B results yet."
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
  );
}

function ContentMetrics({ generation: byDay, quality }: Of<'content_metrics'>) {
  return (
    <>
      <ReportSection
        id="generation"
        title="Generation time per channel (last 30 days)"
        description="p50 and p95 of generation_time_ms per channel and day; tokens used."
        section={byDay}
        isEmpty={(rows) => rows.length === 0}
        empty="No metrics in the last 30 days."
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
                  { header: 'p50 ms', numeric: true, cell: (r) => fixed(r.p50Ms, 0) },
                  { header: 'p95 ms', numeric: true, cell: (r) => fixed(r.p95Ms, 0) },
                  { header: 'Tokens', numeric: true, cell: (r) => formatCount(r.tokens) },
                ]}
              />
            </>
          );
        }}
      </ReportSection>
      <ReportSection
        id="quality"
        title="Quality score distribution (last 30 days)"
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

function ScheduledContent({
  statuses,
  queue,
  overdue,
  failed,
  canWrite,
}: Of<'scheduled_content'> & { canWrite: boolean }) {
  const itemColumns = (showError: boolean) => [
    { header: 'id', numeric: true, cell: (r: { id: number }) => r.id },
    { header: 'content_id', cell: (r: { contentId: string }) => r.contentId },
    { header: 'Channel', cell: (r: { channel: string }) => r.channel },
    { header: 'Scheduled', cell: (r: { scheduledTime: string }) => r.scheduledTime },
    { header: 'Retries', numeric: true, cell: (r: { retryCount: number | null }) => r.retryCount ?? '—' },
    ...(showError
      ? [
          {
            header: 'Error',
            cell: (r: { errorMessage: string | null }) => (r.errorMessage ? <QueryText query={r.errorMessage} /> : '—'),
          },
        ]
      : []),
    ...(canWrite
      ? [
          {
            header: 'Actions',
            cell: (r: { id: number; status: string }) => <ScheduledItemControls id={r.id} status={r.status} />,
          },
        ]
      : []),
  ];
  return (
    <>
      <ReportSection id="status" title="Items by status" section={statuses}>
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
        description="From a week ago to two weeks ahead."
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
        description="Pending, with a scheduled time already past (oldest first, up to 100)."
        section={overdue}
        isEmpty={(rows) => rows.length === 0}
        empty="Nothing is overdue."
      >
        {(rows) => <DataTable testId="overdue-items" rows={rows} rowKey={(r) => r.id} columns={itemColumns(false)} />}
      </ReportSection>
      <ReportSection
        id="failed"
        title="Failed items"
        description="Newest first, up to 100, with the error each failed with."
        section={failed}
        isEmpty={(rows) => rows.length === 0}
        empty="No failed items."
      >
        {(rows) => (
          <DataTable
            testId="failed-items"
            rows={rows}
            rowKey={(r) => r.id}
            rowProps={(r) => ({ 'data-id': r.id })}
            columns={itemColumns(true)}
          />
        )}
      </ReportSection>
    </>
  );
}

function CacheMetadata({ states, top, targets }: Of<'cache_metadata'>) {
  return (
    <>
      <ReportSection id="states" title="Live and expired entries" section={states}>
        {(rows) => (
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
      <ReportSection id="targets" title="Size by target" section={targets}>
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
      <ReportSection id="top" title="Most used keys" section={top} isEmpty={(rows) => rows.length === 0}>
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
      description="Up to 200, by name, with their criteria."
      section={segments}
      isEmpty={(rows) => rows.length === 0}
    >
      {(rows) => (
        <DataTable
          testId="segments"
          rows={rows}
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
                    cell: (r: (typeof rows)[number]) => (
                      <SegmentToggle segmentId={r.segmentId} active={r.active ?? false} />
                    ),
                  },
                ]
              : []),
          ]}
        />
      )}
    </ReportSection>
  );
}

function ContentAudit({ operations }: Of<'content_audit'>) {
  return (
    <>
      <AuditFinder />
      <ReportSection
        id="operations"
        title="Operations per day (last 30 days)"
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
export function TableInsights({ insights, canWrite }: { insights: TableInsightsData; canWrite: boolean }) {
  switch (insights.table) {
    case 'ab_test_results':
      return <AbTests {...insights} />;
    case 'content_metrics':
      return <ContentMetrics {...insights} />;
    case 'scheduled_content':
      return <ScheduledContent {...insights} canWrite={canWrite} />;
    case 'cache_metadata':
      return <CacheMetadata {...insights} />;
    case 'user_segments':
      return <UserSegments {...insights} canWrite={canWrite} />;
    case 'content_audit':
      return <ContentAudit {...insights} />;
  }
}
