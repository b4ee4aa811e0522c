/**
 * Table growth and the Space page (issue 16). On a schema of 10,000 tables: the table-growth task's measurement of
 * the watched server, the Space page's reads of the stored snapshots (target ≤ 100 ms) beside the live top-500
 * query it replaces (the baseline, measured in the same run), with 14 days of snapshots in the store; then, grown to
 * 100,000 tables, a page of each keyset-paged list (target ≤ 1 s): tables and indexes by name live, indexes by size
 * from the snapshot beside the live ranking of every index it replaces.
 * Usage: npx tsx --conditions=react-server bench/space-snapshot.ts [tables] [paging tables]
 */
import { measure, withBenchPostgres, withClient, ms } from './support';

const tables = Number(process.argv[2] ?? 10_000);
const pagingTables = Number(process.argv[3] ?? 100_000);
const TARGET = 'primary';
const DAY_MS = 86_400_000;

async function createTables(url: string, from: number, to: number, definition: string): Promise<number> {
  const started = performance.now();
  await withClient(url, async (client) => {
    for (let first = from; first < to; first += 500) {
      const batch = Array.from(
        { length: Math.min(500, to - first) },
        (_, i) => `CREATE TABLE many.t${first + i} ${definition};`,
      ).join('\n');
      await client.query(batch);
    }
  });
  return (performance.now() - started) / 1000;
}

function line(name: string, figures: { cold: number; median: number; best: number }, target = '') {
  console.log(
    `${name.padEnd(58)} ${ms(figures.cold).padStart(10)} ${ms(figures.median).padStart(10)} ${ms(figures.best).padStart(10)}   ${target}`,
  );
}

const header = (title: string) =>
  console.log(`\n${title.padEnd(58)} ${'cold'.padStart(10)} ${'median'.padStart(10)} ${'best'.padStart(10)}`);

await withBenchPostgres(async (url) => {
  process.env.DATABASE_URL = url;
  process.env.PG_STATEMENT_TIMEOUT_MS = '300000';
  await withClient(url, (client) => client.query('CREATE SCHEMA many'));
  const seconds = await createTables(url, 0, tables, '(id serial PRIMARY KEY, v text)');
  await withClient(url, async (client) => {
    // Sizes that differ: every 20th table gets rows, some many.
    for (let i = 0; i < tables; i += 20)
      await client.query(
        `INSERT INTO many.t${i} (v) SELECT repeat('x', 100) FROM generate_series(1, ${1 + (i % 400) * 5})`,
      );
    await client.query('ANALYZE');
  });
  console.log(`created ${tables.toLocaleString('en')} tables (serial primary key each) in ${seconds.toFixed(1)} s`);

  // Imported after DATABASE_URL is set: the modules read the configuration once.
  const space = await import('../lib/pg/space');
  const { getDatabaseConnection } = await import('../lib/env');
  const { createTableGrowthTask } = await import('../lib/workload/table-growth/table-growth-task');
  const history = await import('../lib/workload/table-growth/table-size-history');
  const { getPrisma } = await import('../lib/db');
  const task = createTableGrowthTask();
  const target = { name: TARGET, connection: getDatabaseConnection(), source: 'database-url' as const };

  header(`the watched server, ${tables.toLocaleString('en')} tables`);
  line('baseline: live top 500 (listTableSizes, what /space ran)', await measure(() => space.listTableSizes('total')));
  line('task: one snapshot measured (getTableSizeSnapshot)', await measure(() => space.getTableSizeSnapshot(500)));
  line(
    'task: the largest indexes measured (getIndexSizeSnapshot)',
    await measure(() => space.getIndexSizeSnapshot(500)),
  );

  // 14 days of snapshots, every 15 minutes: the newest measured for real, the older ones copies of it, smaller.
  const now = new Date();
  await task.collect(target, now);
  const started = performance.now();
  await getPrisma().$executeRawUnsafe(
    `INSERT INTO console.table_size_round (target, taken_at, table_count, measured_ms)
     SELECT $1, $2::timestamptz - k * interval '15 minutes', table_count, measured_ms
     FROM console.table_size_round, generate_series(1, 14 * 96 - 1) AS k WHERE target = $1`,
    TARGET,
    now,
  );
  await getPrisma().$executeRawUnsafe(
    `INSERT INTO console.table_size_snapshot (target, taken_at, schema_name, table_name, total_bytes, table_bytes, index_bytes, est_rows)
     SELECT $1, $2::timestamptz - k * interval '15 minutes', schema_name, table_name,
            greatest(total_bytes - k * 1000, 0), greatest(table_bytes - k * 1000, 0), index_bytes, est_rows
     FROM console.table_size_snapshot, generate_series(1, 14 * 96 - 1) AS k WHERE target = $1`,
    TARGET,
    now,
  );
  await getPrisma().$executeRawUnsafe(
    `INSERT INTO console.index_size_snapshot (target, taken_at, schema_name, table_name, index_name, size_bytes)
     SELECT $1, $2::timestamptz - k * interval '15 minutes', schema_name, table_name, index_name, size_bytes
     FROM console.index_size_snapshot, generate_series(1, 14 * 96 - 1) AS k WHERE target = $1`,
    TARGET,
    now,
  );
  await getPrisma().$executeRawUnsafe('ANALYZE console.table_size_snapshot');
  await getPrisma().$executeRawUnsafe('ANALYZE console.index_size_snapshot');
  await getPrisma().$executeRawUnsafe('ANALYZE console.table_size_round');
  const stored = await withClient(
    url,
    async (client) =>
      (
        await client.query(
          `SELECT count(*)::int AS rows, pg_total_relation_size('console.table_size_snapshot')::float8 AS bytes FROM console.table_size_snapshot`,
        )
      ).rows[0],
  );
  console.log(
    `\nstore: 14 days of snapshots for one target, ${stored.rows.toLocaleString('en')} rows, ${(stored.bytes / 2 ** 20).toFixed(1)} MB with indexes (seeded in ${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );

  header('the Space page from the store (14 days held)');
  const readPage = async (range: number) => {
    const since = new Date(now.getTime() - range);
    const round = (await history.findLatestTableSizeRound(TARGET))!;
    const [page, ranking] = await Promise.all([
      history.listSnapshotTables(TARGET, round.takenAt, 'total', null, space.SPACE_PAGE_SIZE),
      history.findFastestGrowingTables(TARGET, since),
    ]);
    const top = ranking?.byBytes[0] ?? page.rows[0];
    await history.listTableGrowth(TARGET, top.schema, top.table, since);
  };
  line(
    'snapshot read: newest snapshot, first page (50)',
    await measure(() =>
      history
        .findLatestTableSizeRound(TARGET)
        .then((r) => history.listSnapshotTables(TARGET, r!.takenAt, 'total', null, 50)),
    ),
  );
  line(
    'snapshot page + grew most + growth chart, 24 h window',
    await measure(() => readPage(DAY_MS)),
    'target ≤ 100 ms',
  );
  line(
    'snapshot page + grew most + growth chart, 7 d window',
    await measure(() => readPage(7 * DAY_MS)),
    'target ≤ 100 ms',
  );

  const pagedAt = async (count: number) => {
    header(`keyset-paged live lists, ${count.toLocaleString('en')} tables`);
    const middle = {
      name: `t${Math.floor(count / 2)}`,
      namespace: (await space.listTableSizesByName(null, 1)).rows[0].namespace,
    };
    line(
      'every table by name: first page (50)',
      await measure(() => space.listTableSizesByName(null)),
      'target ≤ 1000 ms',
    );
    line(
      'every table by name: a middle page',
      await measure(() => space.listTableSizesByName(middle)),
      'target ≤ 1000 ms',
    );
    line('indexes by name: first page', await measure(() => space.listIndexSizesByName(null)), 'target ≤ 1000 ms');
    line(
      'indexes by name: a middle page',
      await measure(() => space.listIndexSizesByName({ ...middle, name: `${middle.name}_pkey` })),
      'target ≤ 1000 ms',
    );
    // The list by size reads the newest snapshot, taken now at this many tables.
    const takenAt = new Date();
    await task.collect(target, takenAt);
    const first = await history.listSnapshotIndexes(TARGET, takenAt, null, space.SPACE_PAGE_SIZE);
    line(
      'indexes by size (snapshot): newest round + first page',
      await measure(() =>
        history
          .findLatestTableSizeRound(TARGET)
          .then((round) => history.listSnapshotIndexes(TARGET, round!.takenAt, null, space.SPACE_PAGE_SIZE)),
      ),
      'target ≤ 1000 ms',
    );
    line(
      'indexes by size (snapshot): second page',
      await measure(() => history.listSnapshotIndexes(TARGET, takenAt, first.next, space.SPACE_PAGE_SIZE)),
      'target ≤ 1000 ms',
    );
    line('baseline: live ranking of every index (listIndexSizes)', await measure(() => space.listIndexSizes(), 2));
    line('baseline: live top 500 tables (listTableSizes)', await measure(() => space.listTableSizes('total'), 2));
  };
  await pagedAt(tables);
  if (pagingTables > tables) {
    const more = await createTables(url, tables, pagingTables, '(id int PRIMARY KEY)');
    console.log(
      `\ncreated ${(pagingTables - tables).toLocaleString('en')} more tables (int primary key) in ${more.toFixed(1)} s`,
    );
    await pagedAt(pagingTables);
    header(`the watched server, ${pagingTables.toLocaleString('en')} tables`);
    line('task: one snapshot measured (getTableSizeSnapshot)', await measure(() => space.getTableSizeSnapshot(500), 2));
    line(
      'task: the largest indexes measured (getIndexSizeSnapshot)',
      await measure(() => space.getIndexSizeSnapshot(500), 2),
    );
  }
  process.exit(0);
});
