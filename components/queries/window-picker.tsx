import Link from 'next/link';
import { HISTORY_RANGES, type HistoryRange } from '@/lib/monitoring/history';
import type { TimeWindow } from '@/lib/workload/window';
import { formatTimestamp } from '@/lib/format';

const LABELS: Record<HistoryRange, string> = {
  '15m': 'Last 15 min',
  '1h': '1 h',
  '6h': '6 h',
  '24h': '24 h',
  '7d': '7 d',
};

/**
 * The window presets of a history view, keeping the view's other parameters (`keep`); a range dragged on a chart
 * is named beside them. The window lives in the URL (?range= or ?from=&to=).
 */
export function WindowPicker({
  path,
  window,
  keep = {},
}: {
  path: string;
  window: TimeWindow;
  keep?: Record<string, string>;
}) {
  const href = (range: HistoryRange) => `${path}?${new URLSearchParams({ ...keep, range }).toString()}`;
  return (
    <nav className="tabs" aria-label="Time window">
      {(Object.keys(HISTORY_RANGES) as HistoryRange[]).map((range) => (
        <Link key={range} href={href(range)} aria-current={range === window.range ? 'page' : undefined}>
          {LABELS[range]}
        </Link>
      ))}
      {window.range === null && (
        <span aria-current="page" data-testid="dragged-window">
          {formatTimestamp(window.from)} – {formatTimestamp(window.to)}
        </span>
      )}
    </nav>
  );
}
