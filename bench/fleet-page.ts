/**
 * The fleet page at a thousand targets (issue 18): 1,000 console-added targets (sealed connection strings to a port
 * where nothing listens), their states (up, down, failing, missed, stale, never sampled) and an hour of samples each
 * in the console store; then
 *  1. the page's server work with its caches dropped — every read a viewer may meet once the fleet's short cache has
 *     expired — and where it goes, beside the bare SQL of the same read, in turns;
 *  2. GET /fleet of a console started on that store (built first if its sources changed), signed in as a viewer, while
 *     its sampler works through the 1,000 targets — beside GET /api/health/live of the same server, which does nothing.
 * Usage: npx tsx --conditions=react-server bench/fleet-page.ts [targets] [samples per target]
 */
import { buildIfNeeded, createViewers, signIn, startConsole } from '../tests/support/console-process';
import { measure, ms, percentile, timesInTurns, withBenchPostgres, withClient } from './support';

const targets = Number(process.argv[2] ?? 1_000);
const samplesPerTarget = Number(process.argv[3] ?? 240);
const SECRET_KEY = 'bench-fleet-page-secret-key-0123456789';

await withBenchPostgres(async (url) => {
  process.env.DATABASE_URL = url;
  process.env.TARGETS_SECRET_KEY = SECRET_KEY;
  const { sealSecret } = await import('../lib/targets/secret-box');
  const { takeSample } = await import('../lib/sampler/sample');
  // A real sample of the bench server, the template of every stored one (its size is what the read parses).
  const template = await takeSample();
  const now = new Date();

  const seeded = performance.now();
  await withClient(url, async (client) => {
    const names = Array.from({ length: targets }, (_, i) => `db-${String(i).padStart(4, '0')}`);
    for (let first = 0; first < targets; first += 250) {
      const batch = names.slice(first, first + 250);
      await client.query(
        `INSERT INTO console.monitored_target (name, encrypted_url, display, created_by, tags)
         SELECT name, sealed, 'monitor@' || name || ':5432/app', 'bench@example.com', string_to_array(tags, ',')
         FROM unnest($1::text[], $2::text[], $3::text[]) AS t(name, sealed, tags)`,
        [
          batch,
          batch.map((name) => sealSecret(`postgresql://monitor:pw@127.0.0.1:9/app?sslmode=disable`, SECRET_KEY, name)),
          batch.map((_, i) => `${(first + i) % 4 === 0 ? 'staging' : 'prod'},${['eu', 'us', 'ap'][(first + i) % 3]}`),
        ],
      );
    }
    // States: most up, some down, failing (a failed attempt below the down threshold), missed by a saturated
    // console, stale (no round for ten minutes) and a few never sampled.
    await client.query(
      `INSERT INTO console.target_state (target, up, checked_at, down_since, error, failures, missed_since)
       SELECT name,
              NOT (i % 25 = 1),
              CASE WHEN i % 100 = 7 THEN $1::timestamptz - interval '10 minutes' ELSE $1::timestamptz END,
              CASE WHEN i % 25 = 1 THEN $1::timestamptz - interval '5 minutes' END,
              CASE WHEN i % 25 = 1 OR i % 50 = 3 THEN 'connection refused' END,
              CASE WHEN i % 25 = 1 THEN 5 WHEN i % 50 = 3 THEN 1 ELSE 0 END,
              CASE WHEN i % 50 = 5 THEN $1::timestamptz - interval '30 seconds' END
       FROM unnest($2::text[]) WITH ORDINALITY AS t(name, i)
       WHERE i % 100 <> 9`,
      [now, names],
    );
    await client.query(
      `INSERT INTO console.metric_sample (target, taken_at, snapshot)
       SELECT name,
              $1::timestamptz - make_interval(secs => 15 * s),
              jsonb_set(
                jsonb_set($2::jsonb, '{takenAt}', to_jsonb(to_char(($1::timestamptz - make_interval(secs => 15 * s)) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))),
                '{connections,inDatabase}', to_jsonb((i * 7 + s) % 180))
       FROM unnest($3::text[]) WITH ORDINALITY AS t(name, i)
       CROSS JOIN generate_series(0, $4::int - 1) AS s
       WHERE i % 100 <> 9`,
      [now, JSON.stringify(template), names, samplesPerTarget],
    );
    await client.query('ANALYZE console.metric_sample, console.target_state, console.monitored_target');
  });
  const snapshotBytes = JSON.stringify(template).length;
  console.log(
    `seeded ${targets.toLocaleString('en')} targets, ${(targets * samplesPerTarget).toLocaleString('en')} samples of ${snapshotBytes.toLocaleString('en')} bytes in ${((performance.now() - seeded) / 1000).toFixed(1)} s`,
  );

  const { forgetShared } = await import('../lib/monitoring/shared-cache');
  const { forgetTargetRegistry } = await import('../lib/targets/registry');
  const { FLEET_CACHE_KEY } = await import('../lib/targets/fleet');
  const { loadFleetPage } = await import('../lib/targets/fleet-page');
  const { parseFleetQuery } = await import('../lib/targets/fleet-query');
  const { configuredThresholds } = await import('../lib/monitoring/thresholds');
  const { getEnv } = await import('../lib/env');
  const thresholds = configuredThresholds(getEnv());

  const uncached = (query: Record<string, string>) => async () => {
    forgetTargetRegistry();
    forgetShared(FLEET_CACHE_KEY);
    await loadFleetPage(parseFleetQuery(query).query, thresholds, new Date());
  };
  const cached = (query: Record<string, string>) => () =>
    loadFleetPage(parseFleetQuery(query).query, thresholds, new Date());

  // The bare SQL of the same read, one round trip each: the targets, their states and the newest sample of each.
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: url, application_name: 'bench' });
  await client.connect();
  const bare = async () => {
    const listed = await client.query('SELECT * FROM console.monitored_target ORDER BY name');
    await client.query('SELECT * FROM console.target_state');
    await client.query(
      `SELECT names.target, latest.taken_at, latest.snapshot
         FROM unnest($1::text[]) AS names(target)
         CROSS JOIN LATERAL (
           SELECT taken_at, snapshot FROM console.metric_sample
           WHERE target = names.target ORDER BY taken_at DESC LIMIT 1
         ) AS latest`,
      [listed.rows.map((row: { name: string }) => row.name)],
    );
  };

  /** p50 and p95 of `repeats` runs of each, taken in turns so both see the same cache and load. */
  async function inTurns(runs: (() => Promise<unknown>)[], repeats: number): Promise<{ p50: number; p95: number }[]> {
    return (await timesInTurns(runs, repeats)).map((values) => ({
      p50: percentile(values, 50),
      p95: percentile(values, 95),
    }));
  }

  console.log(`\n${'the fleet page, server work'.padEnd(52)} ${'p50'.padStart(10)} ${'p95'.padStart(10)}`);
  const cases: [string, Record<string, string>][] = [
    ['first page, sorted by name', {}],
    ['problems only', { state: 'problems' }],
    ['tag eu, by connections', { tag: 'eu', sort: 'connections', dir: 'desc' }],
    ['name "db-09", page 1', { q: 'db-09' }],
    ['page 20', { page: '20' }],
  ];
  const [bareFigures] = await inTurns([bare], 31);
  for (const [label, query] of cases) {
    const [figures] = await inTurns([uncached(query)], 31);
    console.log(
      `${`${label}, caches dropped`.padEnd(52)} ${ms(figures.p50).padStart(10)} ${ms(figures.p95).padStart(10)}`,
    );
  }
  // Where an uncached read's time goes: each part alone.
  const { getTargetRegistry } = await import('../lib/targets/registry');
  const { listTargetStates } = await import('../lib/targets/state');
  const { findLatestSamples } = await import('../lib/sampler/store');
  const { getFleetView } = await import('../lib/targets/fleet');
  const { toFleetRow } = await import('../lib/targets/fleet-view');
  const names = (await getTargetRegistry()).targets.map((target) => target.name);
  forgetShared(FLEET_CACHE_KEY);
  const { members } = await getFleetView();
  const parts = await inTurns(
    [
      async () => {
        forgetTargetRegistry();
        await getTargetRegistry();
      },
      () => listTargetStates(),
      () => findLatestSamples(names),
      async () => members.map((member) => toFleetRow(member, thresholds, new Date())),
    ],
    31,
  );
  for (const [label, figures] of [
    ['  of which: the registry (sealed URLs opened)', parts[0]],
    ['  of which: the target states', parts[1]],
    ['  of which: the newest sample of each', parts[2]],
    ['  of which: the rows judged', parts[3]],
  ] as const)
    console.log(`${label.padEnd(52)} ${ms(figures.p50).padStart(10)} ${ms(figures.p95).padStart(10)}`);
  const warm = await measure(cached({}), 31);
  console.log(
    `${'first page, fleet cached'.padEnd(52)} ${ms(warm.median).padStart(10)} ${ms(warm.best).padStart(10)} (best)`,
  );
  console.log(
    `${'bare SQL of the read (3 statements)'.padEnd(52)} ${ms(bareFigures.p50).padStart(10)} ${ms(bareFigures.p95).padStart(10)}`,
  );
  await client.end();

  await buildIfNeeded();
  const [email] = await createViewers(url, 1);
  const server = await startConsole(url, { TARGETS_SECRET_KEY: SECRET_KEY, SAMPLE_INTERVAL_SECONDS: '15' });
  try {
    const cookie = await signIn(server.base, email);
    const get = async (path: string) => {
      const response = await fetch(`${server.base}${path}`, { headers: { Cookie: cookie } });
      const body = await response.arrayBuffer();
      if (!response.ok) throw new Error(`GET ${path}: ${response.status}`);
      return body.byteLength;
    };
    // A viewer's auto-refresh: one request every second for a minute, so some meet an expired fleet cache.
    console.log(
      `\n${'GET, one a second for 60 s, sampler running'.padEnd(52)} ${'p50'.padStart(10)} ${'p95'.padStart(10)} ${'bytes'.padStart(10)}`,
    );
    for (const path of ['/fleet', '/fleet?state=problems', '/fleet?page=20', '/api/health/live']) {
      const times: number[] = [];
      let bytes = 0;
      for (let i = 0; i < 60; i++) {
        const t0 = performance.now();
        bytes = await get(path);
        times.push(performance.now() - t0);
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, 1_000 - (performance.now() - t0))));
      }
      console.log(
        `${path.padEnd(52)} ${ms(percentile(times, 50)).padStart(10)} ${ms(percentile(times, 95)).padStart(10)} ${bytes.toLocaleString('en').padStart(10)}`,
      );
    }
  } finally {
    server.stop();
  }
  process.exit(0);
});
