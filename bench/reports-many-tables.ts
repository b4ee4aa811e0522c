/**
 * Every monitoring report on a schema with 10,000 tables (issue target: each ≤ 1 s), beside its baseline measured
 * in the same run: `SELECT count(*) FROM pg_class`, the cheapest query that touches every relation.
 * Usage: npx tsx --conditions=react-server bench/reports-many-tables.ts [tables]
 */
import { withBenchPostgres, withClient, ms } from './support';

const tables = Number(process.argv[2] ?? 10_000);

await withBenchPostgres(async (url) => {
  process.env.DATABASE_URL = url;
  process.env.PG_STATEMENT_TIMEOUT_MS = '60000';
  const started = performance.now();
  await withClient(url, async (client) => {
    await client.query('CREATE SCHEMA many');
    for (let first = 0; first < tables; first += 500) {
      const batch = Array.from(
        { length: Math.min(500, tables - first) },
        (_, i) => `CREATE TABLE many.t${first + i} (id serial PRIMARY KEY, v text);`,
      ).join('\n');
      await client.query(batch);
    }
    await client.query('ANALYZE');
  });
  console.log(
    `created ${tables.toLocaleString('en')} tables (each with a serial sequence and a primary key) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  // Imported after DATABASE_URL is set: the modules read the configuration once.
  const activity = await import('../lib/pg/activity');
  const cache = await import('../lib/pg/cache');
  const indexes = await import('../lib/pg/indexes');
  const maintenance = await import('../lib/pg/maintenance');
  const space = await import('../lib/pg/space');
  const statements = await import('../lib/pg/statements');
  const { findBlockingPairs } = await import('../lib/pg/locks');
  const { takeSample } = await import('../lib/sampler/sample');
  const { execute } = await import('../lib/pg/client');

  const reports: [string, () => Promise<unknown>][] = [
    ['baseline: SELECT count(*) FROM pg_class', () => execute('SELECT count(*) FROM pg_class')],
    ['sampler: takeSample (glance figures)', takeSample],
    [
      'activity: summary, headroom, groups',
      () =>
        Promise.all([
          activity.getConnectionSummary(),
          activity.getConnectionHeadroom(),
          activity.getConnectionsGroupedBy('user'),
        ]),
    ],
    [
      'activity: long-running, idle in tx, waits',
      () =>
        Promise.all([
          activity.findLongRunningQueries(30),
          activity.findIdleInTransaction(),
          activity.getWaitEventSummary(),
        ]),
    ],
    ['locks: blocking pairs', findBlockingPairs],
    ['space: table sizes (top 500 by total)', () => space.listTableSizes('total')],
    ['space: index sizes', () => space.listIndexSizes()],
    [
      'cache: overall, per table, per index',
      () => Promise.all([cache.getCacheHitRatio(), cache.listTableCacheHitRatios(), cache.listIndexCacheHitRatios()]),
    ],
    ['indexes: unused', indexes.findUnusedIndexes],
    ['indexes: duplicate', indexes.findDuplicateIndexes],
    ['indexes: invalid', indexes.findInvalidIndexes],
    ['indexes: seq-scan heavy', () => indexes.findSeqScanHeavyTables()],
    [
      'statements: top by total, slow count',
      () => Promise.all([statements.listTopStatements('total'), statements.countSlowStatements(1000)]),
    ],
    ['maintenance: tables', () => maintenance.listTableMaintenance()],
    ['maintenance: wraparound', maintenance.listWraparoundAge],
    ['maintenance: sequences', () => maintenance.findSequencesNearExhaustion(0.5)],
  ];
  console.log(`\n${'report'.padEnd(44)} ${'cold'.padStart(10)} ${'warm (best of 3)'.padStart(18)}   target ≤ 1000 ms`);
  for (const [name, run] of reports) {
    const t0 = performance.now();
    await run();
    const cold = performance.now() - t0;
    let warm = Infinity;
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      await run();
      warm = Math.min(warm, performance.now() - t);
    }
    console.log(
      `${name.padEnd(44)} ${ms(cold).padStart(10)} ${ms(warm).padStart(18)}   ${cold <= 1000 ? 'ok' : 'OVER'}`,
    );
  }
  process.exit(0);
});
