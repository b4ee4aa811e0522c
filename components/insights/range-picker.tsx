import Link from 'next/link';
import type { SearchParams } from '@/lib/tables/view-state';
import {
  INSIGHTS_RANGE_PRESETS,
  insightsRangeSearch,
  otherSearchParams,
  type InsightsRange,
} from '@/lib/tables/insights/time-range';

/**
 * The days an insights view covers: the range shown, links to the last 7, 30 and 90 days, and a from–to form. Plain
 * links and a GET form to the same path, so it works without JavaScript; the page's other parameters are kept.
 */
export function RangePicker({
  path,
  range,
  error,
  searchParams = {},
}: {
  /** The page's path without a query string, e.g. /tables/content_audit/insights. */
  path: string;
  range: InsightsRange;
  /** What was wrong with the URL's range (parseInsightsRange); the default range is shown instead. */
  error: string | null;
  /** The page's search parameters: all but the range ones are carried over by the links and the form. */
  searchParams?: SearchParams;
}) {
  return (
    <section className="card report-section" aria-label="Time range" data-testid="insights-range">
      <div className="toolbar" style={{ marginBottom: 0 }}>
        <span>
          Showing <strong>{range.label}</strong>
          {range.preset && ` (${range.from} to ${range.to})`}
        </span>
        <nav className="tabs" aria-label="Time range presets" style={{ marginBottom: 0 }}>
          {INSIGHTS_RANGE_PRESETS.map((preset) => (
            <Link
              key={preset}
              href={`${path}?${insightsRangeSearch(preset, searchParams)}`}
              aria-current={range.preset === preset ? 'page' : undefined}
            >
              {`${preset.slice(0, -1)} days`}
            </Link>
          ))}
        </nav>
        <form method="get" action={path} className="toolbar" style={{ margin: 0 }} aria-label="Choose the days">
          {otherSearchParams(searchParams).map(([name, value], index) => (
            <input key={`${name}-${index}`} type="hidden" name={name} value={value} />
          ))}
          <label style={{ flexDirection: 'row', alignItems: 'center' }}>
            From
            <input type="date" name="from" defaultValue={range.from} required />
          </label>
          <label style={{ flexDirection: 'row', alignItems: 'center' }}>
            To
            <input type="date" name="to" defaultValue={range.to} required />
          </label>
          <button type="submit">Show</button>
        </form>
      </div>
      {error && (
        <p className="notice error" role="alert" style={{ margin: '0.75rem 0 0' }}>
          {error}. Showing the {range.label} instead.
        </p>
      )}
    </section>
  );
}
