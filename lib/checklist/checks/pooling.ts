/**
 * Item 5: connection pooling — this console's own bounded pools, and PgBouncer when PGBOUNCER_URL points at its
 * admin console: SHOW CONFIG compared with the guide's pgbouncer.ini (transaction pooling, pool sizes, timeouts),
 * with SHOW POOLS and SHOW STATS for the picture.
 */
import 'server-only';
import pg from 'pg';
import { parseConnectionString } from '../../config/connection-string';
import { toPgPoolConfig } from '../../config/pg-pool-config';
import { getDatabaseConnection, type Env } from '../../env';
import { errorMessage, redactSecrets } from '../../errors';
import { z } from 'zod';
import { clientRunner } from '../../pg/rows';
import { getMaxConnections } from '../../pg/settings';
import { worstStatus, type CheckStatus, type Evidence, type EvidenceFact } from '../types';

/** The guide's pgbouncer.ini values this check compares. */
export const GUIDE_PGBOUNCER: Record<string, string> = {
  pool_mode: 'transaction',
  max_client_conn: '1000',
  default_pool_size: '25',
  reserve_pool_size: '5',
  reserve_pool_timeout: '3',
  server_reset_query: 'DISCARD ALL',
  server_check_delay: '30',
  server_lifetime: '3600',
  server_idle_timeout: '600',
};

export interface PgBouncerReport {
  config: { key: string; value: string; guide: string; status: CheckStatus }[];
  pools: Record<string, string | number | null>[];
  stats: Record<string, string | number | null>[];
}

export interface PoolingReport {
  console: { monitoringPoolMax: number; appPoolMax: number; maxConnections: number };
  pgbouncer: PgBouncerReport | { error: string } | null;
}

/** PgBouncer's SHOW rows: columns differ between its versions, values are text or numbers (its own type oids). */
const showRow = z.record(z.string(), z.union([z.string(), z.number(), z.null()]));

/** Reads PgBouncer's admin console (simple-protocol SHOW commands). */
export async function getPgBouncerReport(url: string): Promise<PgBouncerReport> {
  const connection = parseConnectionString(url);
  const client = new pg.Client({ ...toPgPoolConfig(connection), connectionTimeoutMillis: 5_000 });
  client.on('error', () => {});
  try {
    await client.connect();
    const run = clientRunner(client);
    const show = (what: 'CONFIG' | 'POOLS' | 'STATS') => run(showRow, `SHOW ${what}`);
    const config = await show('CONFIG');
    const pools = await show('POOLS');
    const stats = await show('STATS');
    const value = (key: string) => String(config.find((row) => row.key === key)?.value ?? '');
    return {
      config: Object.entries(GUIDE_PGBOUNCER).map(([key, guide]) => {
        const actual = value(key);
        return { key, value: actual, guide, status: actual === guide ? 'pass' : key === 'pool_mode' ? 'fail' : 'warn' };
      }),
      pools,
      stats,
    };
  } catch (error) {
    throw new Error(redactSecrets(errorMessage(error), [connection.password]));
  } finally {
    await client.end().catch(() => {});
  }
}

export async function loadPoolingReport(env: Env): Promise<PoolingReport> {
  const connection = getDatabaseConnection(env);
  const maxConnections = await getMaxConnections();
  let pgbouncer: PoolingReport['pgbouncer'] = null;
  if (env.PGBOUNCER_URL) {
    try {
      pgbouncer = await getPgBouncerReport(env.PGBOUNCER_URL);
    } catch (error) {
      pgbouncer = { error: errorMessage(error) };
    }
  }
  return {
    console: {
      monitoringPoolMax: env.PG_MONITOR_POOL_MAX,
      appPoolMax: toPgPoolConfig(connection).max ?? 0,
      maxConnections,
    },
    pgbouncer,
  };
}

export function judgePooling(report: PoolingReport): Evidence {
  const own = report.console;
  const facts: EvidenceFact[] = [
    {
      label: "This console's pools",
      // The sampler and the workload collector each keep one session of their own per watched database, the primary's
      // among them (lib/sampler/connections.ts); the pages go through the monitoring pool.
      value: `pages' monitoring ≤ ${own.monitoringPoolMax}, sampler and workload collector 1 each, console data ≤ ${own.appPoolMax} of max_connections ${own.maxConnections}`,
      status: 'pass',
    },
  ];
  if (report.pgbouncer === null) {
    facts.push({
      label: 'PgBouncer',
      value: 'not configured (set PGBOUNCER_URL to its admin console)',
      status: 'manual',
    });
    return {
      status: 'manual',
      summary:
        "No PgBouncer is configured; confirm the application's own pool (the guide: pool_size 20, max_overflow 10, pool_timeout 30, pool_recycle 3600) or set PGBOUNCER_URL.",
      facts,
    };
  }
  if ('error' in report.pgbouncer) {
    facts.push({ label: 'PgBouncer', value: `unreachable: ${report.pgbouncer.error}`, status: 'fail' });
    return { status: 'fail', summary: `PgBouncer's admin console cannot be read: ${report.pgbouncer.error}`, facts };
  }
  const { config, pools } = report.pgbouncer;
  facts.push(
    ...config.map((row) => ({
      label: `pgbouncer ${row.key}`,
      value: `${row.value || '(unset)'}${row.status === 'pass' ? '' : ` (guide: ${row.guide})`}`,
      status: row.status,
    })),
  );
  facts.push({
    label: 'PgBouncer pools',
    value:
      pools
        .map(
          (p) =>
            `${p.database}/${p.user}: ${p.cl_active} active clients, ${p.sv_active} active servers, ${p.sv_idle} idle`,
        )
        .join('; ') || 'none yet',
    status: 'pass',
  });
  const status = worstStatus(facts.map((f) => f.status!));
  const off = config.filter((row) => row.status !== 'pass');
  return {
    status,
    summary:
      off.length === 0
        ? "PgBouncer runs in transaction mode with the guide's pool sizes and timeouts."
        : `PgBouncer differs from the guide in ${off.map((row) => `${row.key} = ${row.value || '(unset)'}`).join(', ')}.`,
    facts,
  };
}

export async function checkPooling(env: Env): Promise<Evidence> {
  return judgePooling(await loadPoolingReport(env));
}
