/**
 * GET /api/health: whether the console can do its work — its own database (the console store) and the watched
 * primary answer — and, when not, what is down, since when and what kind of failure. 200 when both answer, 503
 * otherwise; GET /api/health/live is the process's own liveness. Public, so it says nothing about the servers: no
 * URL, host, address, user or database name, no target names — a failure is named by its kind only
 * (lib/errors.ts connectionFailureKind); the detail is in the log and on signed-in pages. Cheap, so anonymous
 * polling costs the databases little: each is asked at most once per probe interval per process
 * (lib/store/probe.ts, the shared cache), other targets come from the fleet's cache.
 */
import 'server-only';
import { z } from 'zod';
import { getEnv, hasSeparateConsoleDatabase } from '../env';
import { connectionFailureKind } from '../errors';
import { queryOne } from '../pg/client';
import { text } from '../pg/rows';
import { PROBE_INTERVAL_MS, primaryOutageFromStore } from '../store/outage';
import { probeStore } from '../store/probe';
import { readFleetView } from '../targets/fleet';
import { PRIMARY_TARGET } from '../targets/target-list';
import { sharedCached } from './shared-cache';

export interface Health {
  status: 'ok' | 'degraded';
  /** What cannot be reached: "console database", "primary"; empty when both answer. */
  down: string[];
  console: { version: string; uptimeSeconds: number };
  /** The console's own data: in the primary's database, or a separate one (CONSOLE_DATABASE_URL). */
  consoleDatabase: { location: 'primary' | 'separate'; reachable: boolean; unreachableSince?: string; reason?: string };
  /** The watched primary (DATABASE_URL). */
  database: {
    source: 'embedded' | 'external';
    reachable: boolean;
    serverVersion?: string;
    unreachableSince?: string;
    reason?: string;
  };
  /** How many other watched targets the sampler found down (they do not make the console unhealthy). */
  otherTargetsDown: number;
}

const CONSOLE_VERSION = process.env.npm_package_version ?? '0.1.0';

type PrimaryProbe = { reachable: true; serverVersion: string } | { reachable: false; reason: string };

/** One query on the monitoring pool per probe interval, however many callers. */
function probePrimary(): Promise<PrimaryProbe> {
  return sharedCached('health:primary', PROBE_INTERVAL_MS, async () => {
    try {
      const row = await queryOne(z.object({ server_version: text }), `SELECT current_setting('server_version') AS server_version`);
      return { reachable: true, serverVersion: row.server_version };
    } catch (error) {
      return { reachable: false, reason: connectionFailureKind(error) };
    }
  });
}

/** Since when the sampler has seen the primary down, and which other targets are down; nothing when unknown. */
async function sampledDowns(): Promise<{ primaryDownSince?: string; others: number }> {
  const members = await readFleetView()
    .then((view) => view.members)
    .catch(() => []);
  return {
    primaryDownSince: members.find((member) => member.name === PRIMARY_TARGET && member.up === false)?.downSince ?? undefined,
    others: members.filter((member) => member.name !== PRIMARY_TARGET && member.up === false).length,
  };
}

export async function getHealth(): Promise<Health> {
  const separate = hasSeparateConsoleDatabase();
  const outage = await probeStore();
  const primaryWithStore = primaryOutageFromStore();
  const primary: PrimaryProbe = primaryWithStore ? { reachable: false, reason: primaryWithStore.reason } : await probePrimary();
  const sampled = await sampledDowns();
  const down = [...(outage ? ['console database'] : []), ...(primary.reachable ? [] : ['primary'])];
  return {
    status: down.length === 0 ? 'ok' : 'degraded',
    down,
    console: { version: CONSOLE_VERSION, uptimeSeconds: Math.round(process.uptime()) },
    consoleDatabase: outage
      ? { location: separate ? 'separate' : 'primary', reachable: false, unreachableSince: outage.since.toISOString(), reason: outage.reason }
      : { location: separate ? 'separate' : 'primary', reachable: true },
    database: primary.reachable
      ? { source: getEnv().CONSOLE_DATABASE_SOURCE, reachable: true, serverVersion: primary.serverVersion }
      : {
          source: getEnv().CONSOLE_DATABASE_SOURCE,
          reachable: false,
          unreachableSince: sampled.primaryDownSince ?? primaryWithStore?.since.toISOString(),
          reason: primary.reason,
        },
    otherTargetsDown: sampled.others,
  };
}
