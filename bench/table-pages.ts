/**
 * The table browser at scale: 10,000,000 rows in content_audit and in content_metrics, then, side by side in one
 * run, for the first page, a page 5,000,000 rows deep and a content_id filter: the console's server time
 * (lib/tables/browse fetchPage), the bare SQL of that page, and the OFFSET equivalent.
 * Targets: each ≤ 50 ms, ≤ 1.5× the bare SQL, ≥ 100× faster than OFFSET at depth.
 * Usage: npx tsx --conditions=react-server bench/table-pages.ts [rows]   (about 5 minutes at 10 M rows)
 */
import pg from 'pg';
import { parseConnectionString } from '../lib/config/connection-string';
import { toPgPoolConfig } from '../lib/config/pg-pool-config';
import { copyRows } from '../lib/seed/copy-writer';
import { DEMO_TABLES } from '../lib/seed/demo-tables';
import { createRandom } from '../lib/seed/random';
import { ms, percentile, timesInTurns, withBenchPostgres, withClient } from './support';

const rows = Number(process.argv[2] ?? 10_000_000);
const depth = Math.floor(rows / 2);

/** Median times of several runs, taken in turns so both see the same cache and load. */
async function timeInTurns(runs: (() => Promise<unknown>)[], repeats: number): Promise<number[]> {
  return (await timesInTurns(runs, repeats)).map((values) => percentile(values, 50));
}

await withBenchPostgres(async (url) => {
  process.env.DATABASE_URL = url;
  process.env.PG_STATEMENT_TIMEOUT_MS = '600000';
  const config = toPgPoolConfig(parseConnectionString(url));
  const context = {
    random: createRandom(7),
    runTag: 'bench',
    now: Date.now(),
    contentPool: Math.floor(rows / 20),
    testCount: 100,
  };
  for (const name of ['content_audit', 'content_metrics']) {
    const table = DEMO_TABLES.find((t) => t.name === name)!;
    const started = performance.now();
    const pool = new pg.Pool({ ...config, max: 1 });
    const client = await pool.connect();
    await copyRows(client, table.name, table.columns, rows, (i) => table.row(context, i));
    await client.query(`ANALYZE ${table.name}`);
    client.release();
    await pool.end();
    console.log(
      `seeded ${rows.toLocaleString('en')} rows into ${name} in ${((performance.now() - started) / 1000).toFixed(0)} s`,
    );
  }

  const { fetchPage } = await import('../lib/tables/browse');
  const { buildPageQuery } = await import('../lib/tables/query-builder');
  const { TABLES } = await import('../lib/tables/registry');
  const { encodeCursor, parseViewState } = await import('../lib/tables/view-state');
  const { execute } = await import('../lib/pg/client');

  console.log(
    `\n${'table / page'.padEnd(40)} ${'console'.padStart(10)} ${'bare SQL'.padStart(10)} ${'OFFSET'.padStart(12)} ${'vs bare'.padStart(8)} ${'OFFSET/console'.padStart(15)}`,
  );
  for (const name of ['content_audit', 'content_metrics'] as const) {
    const table = TABLES[name];
    const sort = table.defaultSort.column;
    const base = parseViewState(table, {});
    const deep = await withClient(
      url,
      async (c) =>
        (
          await c.query(
            `SELECT to_char("${sort}", 'YYYY-MM-DD HH24:MI:SS.US') AS v, id FROM ${name} ORDER BY "${sort}" DESC, id DESC OFFSET $1 LIMIT 1`,
            [depth - 1],
          )
        ).rows[0],
    );
    const someContent = await withClient(
      url,
      async (c) =>
        (await c.query(`SELECT content_id FROM ${name} ORDER BY id LIMIT 1 OFFSET 12345`)).rows[0].content_id as string,
    );
    const cases = [
      { label: 'first page', view: base, offset: 0 },
      {
        label: `page ${depth.toLocaleString('en')} rows deep`,
        view: parseViewState(table, { after: encodeCursor(base.sort, deep.v, deep.id) }),
        offset: depth,
      },
      {
        label: `content_id = ${someContent}`,
        view: parseViewState(table, { f: `content_id:eq:${someContent}` }),
        offset: 0,
      },
    ];
    for (const { label, view, offset } of cases) {
      const built = buildPageQuery(view);
      const [consoleMs, bareMs] = await timeInTurns(
        [() => fetchPage(view), () => execute(built.text, built.values)],
        31,
      );
      const where = view.filters.length ? `WHERE content_id = $2` : '';
      const offsetSql = `SELECT * FROM ${name} ${where} ORDER BY "${sort}" DESC, id DESC OFFSET $1 LIMIT 50`;
      const [offsetMs] = await timeInTurns(
        [() => execute(offsetSql, view.filters.length ? [offset, someContent] : [offset])],
        offset > 0 ? 2 : 11,
      );
      console.log(
        `${`${name} ${label}`.padEnd(40)} ${ms(consoleMs).padStart(10)} ${ms(bareMs).padStart(10)} ${ms(offsetMs).padStart(12)} ${`${(consoleMs / bareMs).toFixed(2)}×`.padStart(8)} ${`${(offsetMs / consoleMs).toFixed(0)}×`.padStart(15)}`,
      );
    }
  }
  process.exit(0);
});
