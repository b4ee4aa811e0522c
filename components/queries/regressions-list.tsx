import Link from 'next/link';
import { QueryText } from '@/components/reports/query-text';
import { ReportSection } from '@/components/reports/report-section';
import { DataTable } from '@/components/ui/data-table';
import { formatCount, formatPercent, formatTimestamp } from '@/lib/format';
import { REGRESSION_RULES, type RegressionKind } from '@/lib/workload/statements/regression-rules';
import type { Section } from '@/lib/monitoring/sections';
import type { StoredRegression } from '@/lib/workload/statements/regressions';

const KIND_LABELS: Record<RegressionKind, string> = {
  slower: 'Slower',
  new: 'New',
  vanished: 'Vanished',
};

const ms = (value: number | null) => (value === null ? '—' : `${value.toFixed(2)} ms`);

/** How the workload history judges a change, for the section's description. */
const REGRESSIONS_DESCRIPTION =
  `Over the last hour against the 7 days before it: statements whose mean time is at least ${REGRESSION_RULES.slowerFactor}× their baseline ` +
  `(at least ${REGRESSION_RULES.minCalls} calls in each), new statements taking at least ${formatPercent(REGRESSION_RULES.newShare, 0)} of the hour's time, ` +
  `and statements that had at least ${formatPercent(REGRESSION_RULES.vanishedShare, 0)} of the baseline's time and no call in the hour. Slower ones raise QueryRegression.`;

/** What changed in the workload: each statement with its kind, both means and a link to its history. */
function RegressionsList({ regressions }: { regressions: StoredRegression[] }) {
  return (
    <>
      <p className="stat-detail">Checked {formatTimestamp(regressions[0]!.checkedAt)}.</p>
      <DataTable
        rows={regressions}
        rowKey={(row) => `${row.kind}-${row.queryId}`}
        testId="regressions"
        columns={[
          {
            header: 'Change',
            cell: (row) => KIND_LABELS[row.kind],
            tone: (row) => (row.kind === 'vanished' ? undefined : 'status-warn'),
          },
          {
            header: 'Statement',
            cell: (row) => (
              <Link href={`/queries/${row.queryId}?range=7d`} aria-label={`History of statement ${row.queryId}`}>
                <QueryText query={row.query ?? `queryid ${row.queryId}`} />
              </Link>
            ),
          },
          { header: 'Mean, last hour', numeric: true, cell: (row) => ms(row.recentMeanMs) },
          { header: 'Mean, 7 days', numeric: true, cell: (row) => ms(row.baselineMeanMs) },
          { header: 'Calls, last hour', numeric: true, cell: (row) => formatCount(row.recentCalls) },
          { header: 'Share of time', numeric: true, cell: (row) => formatPercent(row.share, 1) },
        ]}
      />
    </>
  );
}

/** The "what changed" section of Queries and the overview. */
export function RegressionsSection({ title, section }: { title: string; section: Section<StoredRegression[]> }) {
  return (
    <ReportSection
      id="regressions"
      title={title}
      description={REGRESSIONS_DESCRIPTION}
      section={section}
      isEmpty={(rows) => rows.length === 0}
      empty="No statement is slower than its baseline, new and heavy, or gone."
    >
      {(rows) => <RegressionsList regressions={rows} />}
    </ReportSection>
  );
}
