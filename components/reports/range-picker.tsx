import Link from 'next/link';
import { HISTORY_RANGES, type HistoryRange } from '@/lib/monitoring/history';

const LABELS: Record<HistoryRange, string> = { '15m': '15 min', '1h': '1 h', '6h': '6 h', '24h': '24 h', '7d': '7 d' };

/**
 * The time range lives in the URL (?range=…), so a link reproduces the view; `keep` holds the page's other search
 * parameters that a change of range keeps (Activity's threshold).
 */
export function RangePicker({
  path,
  current,
  keep = {},
}: {
  path: string;
  current: HistoryRange;
  keep?: Record<string, string | undefined>;
}) {
  const href = (range: HistoryRange) => {
    const params = new URLSearchParams(
      Object.entries(keep).filter((entry): entry is [string, string] => entry[1] !== undefined),
    );
    params.set('range', range);
    return `${path}?${params}`;
  };
  return (
    <nav className="tabs" aria-label="Time range">
      {(Object.keys(HISTORY_RANGES) as HistoryRange[]).map((range) => (
        <Link key={range} href={href(range)} aria-current={range === current ? 'page' : undefined}>
          {LABELS[range]}
        </Link>
      ))}
    </nav>
  );
}
