import { formatCount, formatDuration } from '@/lib/format';
import { formatSpan, type Span, type WindowCoverage } from '@/lib/workload/statements/window-coverage';

/** Stretches listed by time; the rest are counted. */
const LISTED = 5;

function Stretches<T extends Span>({ items, describe }: { items: readonly T[]; describe: (item: T) => string }) {
  return (
    <ul>
      {items.slice(0, LISTED).map((item) => (
        <li key={item.from}>{describe(item)}</li>
      ))}
      {items.length > LISTED && <li>and {items.length - LISTED} more</li>}
    </ul>
  );
}

/**
 * Above a window's charts, in words: where nothing was collected (the charts are blank there, not zero) and where
 * pg_stat_statements evicted entries (the counts there are a lower bound). Nothing when the window has neither.
 */
export function CoverageNotice({ coverage }: { coverage: WindowCoverage }) {
  const { gaps, evictions } = coverage;
  if (gaps.length === 0 && evictions.length === 0) return null;
  const missingSeconds = gaps.reduce((sum, gap) => sum + (gap.to - gap.from), 0) / 1000;
  const evicted = evictions.reduce((sum, bucket) => sum + bucket.evicted, 0);
  const entries = Math.max(0, ...evictions.map((bucket) => bucket.entries));
  return (
    <div className="notice" role="note" aria-label="Gaps and evictions in this window" data-testid="coverage-notice">
      {gaps.length > 0 && (
        <>
          <p>
            <strong>Not collected</strong> for {formatDuration(missingSeconds)} of this window (shaded on the charts,
            which are blank there, not zero): the target or the collector was away, the target restarted, or a new
            collector took over.
          </p>
          <Stretches
            items={gaps}
            describe={(gap) => `${formatSpan(gap)} (${formatDuration((gap.to - gap.from) / 1000)})`}
          />
        </>
      )}
      {evictions.length > 0 && (
        <>
          <p>
            <strong>pg_stat_statements evicted {formatCount(evicted)} entries</strong> in this window (outlined on the
            charts): counts in those intervals are a lower bound, since an evicted statement&apos;s calls since the
            previous read are lost. It held up to {formatCount(entries)} entries; raise{' '}
            <code>pg_stat_statements.max</code> so that it keeps every statement between two reads.
          </p>
          <Stretches
            items={evictions}
            describe={(bucket) => `${formatSpan(bucket)}: ${formatCount(bucket.evicted)} entries evicted`}
          />
        </>
      )}
    </div>
  );
}
