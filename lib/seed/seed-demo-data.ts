// Not 'server-only': scripts/ loads it too (tsx, outside Next.js), where that import throws.
/**
 * Fills the six application tables with demo data through COPY, table by table, reporting progress.
 */
import pg from 'pg';
import { copyRows } from './copy-writer';
import { DEMO_TABLES, planRowCounts, type DemoContext } from './demo-tables';
import { createRandom } from './random';

export interface SeedProgress {
  table: string;
  written: number;
  total: number;
}

export interface SeedResult {
  rows: number;
  perTable: Record<string, number>;
  seconds: number;
}

export async function seedDemoData(
  poolConfig: pg.PoolConfig,
  totalRows: number,
  { seed = Date.now(), onProgress = () => {} }: { seed?: number; onProgress?: (progress: SeedProgress) => void } = {},
): Promise<SeedResult> {
  const started = performance.now();
  const counts = planRowCounts(totalRows);
  const context: DemoContext = {
    random: createRandom(seed),
    runTag: (seed % 2_176_782_336).toString(36),
    now: Date.now(),
    contentPool: Math.max(10, Math.floor(totalRows / 20)),
    testCount: Math.max(2, Math.floor(totalRows / 5_000)),
  };
  const pool = new pg.Pool({ ...poolConfig, max: 1 });
  const client = await pool.connect();
  try {
    for (const table of DEMO_TABLES) {
      const total = counts.get(table.name) ?? 0;
      if (total === 0) continue;
      await copyRows(
        client,
        table.name,
        table.columns,
        total,
        (i) => table.row(context, i),
        (written) => onProgress({ table: table.name, written, total }),
      );
    }
    // Fresh statistics, so the planner and row estimates see the new rows straight away.
    await client.query(`ANALYZE ${DEMO_TABLES.map((table) => table.name).join(', ')}`);
  } finally {
    client.release();
    await pool.end();
  }
  return { rows: totalRows, perTable: Object.fromEntries(counts), seconds: (performance.now() - started) / 1000 };
}
