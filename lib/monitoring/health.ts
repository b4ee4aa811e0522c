/**
 * GET /api/health: whether the console can do its work — its own database (the console store) and the watched
 * primary answer — and, when not, what is down, since when and what kind of failure. 200 when both answer, 503
 * otherwise; GET /api/health/live is the process's own liveness. Public, so it tells states only (and the console's own version
 * and uptime): no server version, URL, host, address, user, database or target name — a failure is named by its kind (lib/errors.ts
 * connectionFailureKind); the detail is in the log and on signed-in pages.
 *
 * Cheap whatever the request rate: the console store is asked at most once per STATE_PROBE_MS per process
 * (lib/store/probe.ts); the primary, when it is a database of its own (CONSOLE_DATABASE_URL), through one dedicated
 * connection — never the monitoring pool the reports share — at most as often; otherwise the store's answer is the
 * primary's too.
 */
import 'server-only';
import pg from 'pg';
import { z } from 'zod';
import { toPgPoolConfig } from '../config/pg-pool-config';
import { getDatabaseConnection, getEnv, hasSeparateConsoleDatabase } from '../env';
import { connectionFailureKind } from '../errors';
import { CONSOLE_APPLICATION_NAME } from '../pg/client';
import { parseRows, text } from '../pg/rows';
import { primaryOutageFromStore } from '../store/outage';
import { probeStore, STATE_PROBE_MS } from '../store/probe';
import { sharedCached } from './shared-cache';

export interface Health {
  status: 'ok' | 'degraded';
  /** What cannot be reached: "console database", "primary"; empty when both answer. */
  down: string[];
  console: { version: string; uptimeSeconds: number };
  /** The console's own data: in the primary's database, or a separate one (CONSOLE_DATABASE_URL). */
  consoleDatabase: { location: 'primary' | 'separate'; reachable: boolean; unreachableSince?: string; reason?: string };
  /** The watched primary (DATABASE_URL). */
  database: { source: 'embedded' | 'external'; reachable: boolean; unreachableSince?: string; reason?: string };
}

const CONSOLE_VERSION = process.env.npm_package_version ?? '0.1.0';

type PrimaryProbe = { reachable: true } | { reachable: false; reason: string; since: Date };

// One connection of its own, kept across Next's development hot reloads.
const globalForHealth = globalThis as unknown as { healthPool?: pg.Pool; primaryDownSince?: Date };

function healthPool(): pg.Pool {
  globalForHealth.healthPool ??= new pg.Pool({
    ...toPgPoolConfig(getDatabaseConnection(), { applicationName: `${CONSOLE_APPLICATION_NAME} health` }),
    max: 1,
    connectionTimeoutMillis: 3_000,
    query_timeout: 3_000,
  }).on('error', () => undefined);
  return globalForHealth.healthPool;
}

/** The separate primary, asked at most once per STATE_PROBE_MS per process, however many callers. */
function probeSeparatePrimary(): Promise<PrimaryProbe> {
  return sharedCached('health:primary', STATE_PROBE_MS, async () => {
    try {
      parseRows(z.object({ ok: text }), (await healthPool().query(`SELECT 'ok' AS ok`)).rows);
      globalForHealth.primaryDownSince = undefined;
      return { reachable: true };
    } catch (error) {
      globalForHealth.primaryDownSince ??= new Date();
      return { reachable: false, reason: connectionFailureKind(error), since: globalForHealth.primaryDownSince };
    }
  });
}

export async function getHealth(): Promise<Health> {
  const separate = hasSeparateConsoleDatabase();
  const outage = await probeStore();
  const withStore = primaryOutageFromStore();
  const primary: PrimaryProbe = !separate
    ? withStore
      ? { reachable: false, reason: withStore.reason, since: withStore.since }
      : { reachable: true }
    : await probeSeparatePrimary();
  const down = [...(outage ? ['console database'] : []), ...(primary.reachable ? [] : ['primary'])];
  const location = separate ? 'separate' : 'primary';
  const source = getEnv().CONSOLE_DATABASE_SOURCE;
  return {
    status: down.length === 0 ? 'ok' : 'degraded',
    down,
    console: { version: CONSOLE_VERSION, uptimeSeconds: Math.round(process.uptime()) },
    consoleDatabase: outage
      ? { location, reachable: false, unreachableSince: outage.since.toISOString(), reason: outage.reason }
      : { location, reachable: true },
    database: primary.reachable
      ? { source, reachable: true }
      : { source, reachable: false, unreachableSince: primary.since.toISOString(), reason: primary.reason },
  };
}
