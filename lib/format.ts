/** Display formatting shared by pages and components: one place, so a figure reads the same everywhere. */

const UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];

/** Binary multiples, as pg_size_pretty prints them (it labels 1024 bytes "kB"). */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(value >= 100 ? 0 : 1)} ${UNITS[unit]}`;
}

export function formatDuration(totalSeconds: number): string {
  const seconds = Math.floor(totalSeconds);
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3_600);
  const minutes = Math.floor((seconds % 3_600) / 60);
  if (days > 0) return `${days} d ${hours} h`;
  if (hours > 0) return `${hours} h ${minutes} min`;
  if (minutes > 0) return `${minutes} min ${seconds % 60} s`;
  return `${seconds} s`;
}

export function formatPercent(ratio: number | null, digits = 2): string {
  return ratio === null ? '—' : `${(ratio * 100).toFixed(digits)} %`;
}

export function formatCount(value: number): string {
  return value.toLocaleString('en');
}

export function formatTimestamp(value: string | Date): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  return date
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC');
}

/** "03:12:07 UTC" for a moment of the current UTC day, the full timestamp for an older one. */
export function formatClock(value: string | Date, now = new Date()): string {
  const full = formatTimestamp(value);
  return full.slice(0, 10) === formatTimestamp(now).slice(0, 10) ? full.slice(11) : full;
}
