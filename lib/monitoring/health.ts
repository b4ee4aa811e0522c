/**
 * GET /api/health: whether the console can do its work — its own database (the console store) and the watched
 * primary answer — and, when not, what is down and since when. 200 when both answer, 503 otherwise (the console
 * process itself answering at all is its liveness). Public, so it carries no secret: no URL, no user name, error
 * text with any password removed. Cheap, so anonymous polling costs the databases little: each is asked at most
 * once per probe interval per process (lib/store/probe.ts, the shared cache), other targets come from the fleet's
 * cache.
 */
import 'server-only';
import { z } from 'zod';
import { getEnv, hasSeparateConsoleDatabase } from '../env';
import { AppError } from '../errors';
import { queryOne, toAppError } from '../pg/client';
import { text } from '../pg/rows';
import { getStoreOutage, PROBE_INTERVAL_MS } from '../store/outage';
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
  consoleDatabase: { location: 'primary' | 'separate'; reachable: boolean; unreachableSince?: string; error?: string };
  /** The watched primary (DATABASE_URL). */
  database: {
    source: 'embedded' | 'external';
    reachable: boolean;
    serverVersion?: string;
    unreachableSince?: string;
    error?: string;
  };
  /** Other watched targets the sampler found down (they do not make the console unhealthy). */
  otherTargetsDown: string[];
}

const CONSOLE_VERSION = process.env.npm_package_version ?? '0.1.0';

type PrimaryProbe = { reachable: true; serverVersion: string } | { reachable: false; error: string };

/** One query on the monitoring pool per probe interval, however many callers. */
function probePrimary(): Promise<PrimaryProbe> {
  return sharedCached('health:primary', PROBE_INTERVAL_MS, async () => {
    try {
      const row = await queryOne(z.object({ server_version: text }), `SELECT current_setting('server_version') AS server_version`);
      return { reachable: true, serverVersion: row.server_version };
    } catch (error) {
      return { reachable: false, error: (error instanceof AppError ? error : toAppError(error)).userMessage };
    }
  });
}

/** Since when the sampler has seen the primary down, and which other targets are down; nothing when unknown. */
async function sampledDowns(): Promise<{ primaryDownSince?: string; others: string[] }> {
  const members = await readFleetView()
    .then((view) => view.members)
    .catch(() => []);
  return {
    primaryDownSince: members.find((member) => member.name === PRIMARY_TARGET && member.up === false)?.downSince ?? undefined,
    others: members.filter((member) => member.name !== PRIMARY_TARGET && member.up === false).map((member) => member.name),
  };
}

export async function getHealth(): Promise<Health> {
  const separate = hasSeparateConsoleDatabase();
  const outage = await probeStore();
  // Without a separate console database the store is the primary: when one is down, so is the other.
  const primary: PrimaryProbe = !separate && outage ? { reachable: false, error: outage.error } : await probePrimary();
  const sampled = await sampledDowns();
  const down = [...(outage ? ['console database'] : []), ...(primary.reachable ? [] : ['primary'])];
  return {
    status: down.length === 0 ? 'ok' : 'degraded',
    down,
    console: { version: CONSOLE_VERSION, uptimeSeconds: Math.round(process.uptime()) },
    consoleDatabase: outage
      ? { location: separate ? 'separate' : 'primary', reachable: false, unreachableSince: outage.since.toISOString(), error: outage.error }
      : { location: separate ? 'separate' : 'primary', reachable: true },
    database: primary.reachable
      ? { source: getEnv().CONSOLE_DATABASE_SOURCE, reachable: true, serverVersion: primary.serverVersion }
      : {
          source: getEnv().CONSOLE_DATABASE_SOURCE,
          reachable: false,
          unreachableSince: sampled.primaryDownSince ?? (!separate ? getStoreOutage()?.since.toISOString() : undefined),
          error: primary.error,
        },
    otherTargetsDown: sampled.others,
  };
}
