/**
 * The figures the statement history keeps per statement and interval, and their arithmetic. Pure, and free of server
 * imports: the demo seeding (scripts/start.ts, under tsx) builds its history with them too.
 */

/** The summed figures of one statement (or of several) over an interval. */
export interface StatementFigures {
  calls: number;
  totalMs: number;
  rows: number;
  sharedBlksHit: number;
  sharedBlksRead: number;
  sharedBlksDirtied: number;
  sharedBlksWritten: number;
  tempBlksRead: number;
  tempBlksWritten: number;
  blkIoMs: number;
  walBytes: number | null;
}

export const FIGURES = [
  'calls',
  'totalMs',
  'rows',
  'sharedBlksHit',
  'sharedBlksRead',
  'sharedBlksDirtied',
  'sharedBlksWritten',
  'tempBlksRead',
  'tempBlksWritten',
  'blkIoMs',
] as const satisfies readonly (keyof StatementFigures)[];

export function figuresOf(row: StatementFigures): StatementFigures {
  return {
    calls: row.calls,
    totalMs: row.totalMs,
    rows: row.rows,
    sharedBlksHit: row.sharedBlksHit,
    sharedBlksRead: row.sharedBlksRead,
    sharedBlksDirtied: row.sharedBlksDirtied,
    sharedBlksWritten: row.sharedBlksWritten,
    tempBlksRead: row.tempBlksRead,
    tempBlksWritten: row.tempBlksWritten,
    blkIoMs: row.blkIoMs,
    walBytes: row.walBytes,
  };
}

/** Sums figures (the "all other statements" row, the hourly rollups' arithmetic). */
export function sumFigures(rows: readonly StatementFigures[]): StatementFigures {
  const total: StatementFigures = {
    calls: 0,
    totalMs: 0,
    rows: 0,
    sharedBlksHit: 0,
    sharedBlksRead: 0,
    sharedBlksDirtied: 0,
    sharedBlksWritten: 0,
    tempBlksRead: 0,
    tempBlksWritten: 0,
    blkIoMs: 0,
    walBytes: rows.some((row) => row.walBytes !== null) ? 0 : null,
  };
  for (const row of rows) {
    for (const figure of FIGURES) total[figure] += row[figure];
    if (total.walBytes !== null) total.walBytes += row.walBytes ?? 0;
  }
  return total;
}
