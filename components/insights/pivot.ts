/** Turns rows of (x, series, value) into chart rows {x, [series]: value}: one place for every insights chart. */
export function pivot<Row>(
  rows: readonly Row[],
  x: (row: Row) => string,
  series: (row: Row) => string,
  value: (row: Row) => number | null,
): { rows: Record<string, string | number | null>[]; keys: string[] } {
  const keys = [...new Set(rows.map(series))].sort();
  const byX = new Map<string, Record<string, string | number | null>>();
  for (const row of rows) {
    const key = x(row);
    const entry = byX.get(key) ?? { x: key };
    entry[series(row)] = value(row);
    byX.set(key, entry);
  }
  return { rows: [...byX.values()], keys };
}

const PALETTE = ['var(--chart-1)', 'var(--chart-2)', 'var(--chart-3)', 'var(--chart-4)', 'var(--chart-5)'] as const;
export const colorAt = (index: number) => PALETTE[index % PALETTE.length];
