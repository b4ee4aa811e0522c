import Link from 'next/link';
import { HISTORY_RANGES, type HistoryRange } from '@/lib/monitoring/history';

const LABELS: Record<HistoryRange, string> = { '15m': '15 min', '1h': '1 h', '6h': '6 h', '24h': '24 h', '7d': '7 d' };

/** The time range lives in the URL (?range=…), so a link reproduces the view. */
export function RangePicker({ path, current }: { path: string; current: HistoryRange }) {
  return (
    <nav className="tabs" aria-label="Time range">
      {(Object.keys(HISTORY_RANGES) as HistoryRange[]).map((range) => (
        <Link key={range} href={`${path}?range=${range}`} aria-current={range === current ? 'page' : undefined}>
          {LABELS[range]}
        </Link>
      ))}
    </nav>
  );
}
