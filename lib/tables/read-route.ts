/**
 * Read routing as in the guide's High Availability section ("Route reads to replica"): table browsing, counts,
 * exports and insights read from TABLE_READS_FROM when it names a target, the primary otherwise. Writes never
 * come here: they go through Prisma, which only knows DATABASE_URL (the primary).
 */
import 'server-only';
import { getEnv } from '../env';
import { loadSection, type Section } from '../monitoring/sections';
import { AppError } from '../errors';
import { withTarget } from '../pg/client';
import { toAppError } from '../pg/sqlstate';
import { listFleetMembers } from '../targets/fleet';
import { listTargets, type Target } from '../targets/registry';
import { PRIMARY_TARGET } from '../targets/target-list';

export interface TableReadRoute {
  target: Target;
  /** What the page says about where reads go. */
  description: string;
  /** Set when TABLE_READS_FROM is set but unusable, so reads fell back to the primary. */
  warning: string | null;
}

export async function resolveTableReadRoute(): Promise<TableReadRoute> {
  const configured = getEnv().TABLE_READS_FROM;
  const targets = await listTargets();
  const primary = targets.find((target) => target.name === PRIMARY_TARGET)!;
  if (!configured || configured === PRIMARY_TARGET) {
    return {
      target: primary,
      description: 'Reads and writes go to the primary (TABLE_READS_FROM is not set).',
      warning: null,
    };
  }
  const target = targets.find((candidate) => candidate.name === configured);
  if (!target) {
    return {
      target: primary,
      description: 'Reads and writes go to the primary.',
      warning: `TABLE_READS_FROM names "${configured}", which is not a configured target; reading from the primary instead.`,
    };
  }
  const member = (await listFleetMembers().catch(() => [])).find((candidate) => candidate.name === target.name);
  const recovery = member?.sample?.recovery;
  const state = recovery?.inRecovery
    ? `a streaming replica, ${recovery.lagSeconds === null ? 'lag unknown' : `${recovery.lagSeconds.toFixed(1)} s behind`}`
    : recovery
      ? 'not a replica: it is not in recovery'
      : 'not sampled yet';
  return {
    target,
    description: `Reads come from ${target.name} (${state}; TABLE_READS_FROM). Writes go to the primary.`,
    warning: null,
  };
}

/** Runs table reads on the routed target; a replica that cannot be reached is named in the error. */
export async function onTableReadTarget<T>(work: (route: TableReadRoute) => Promise<T>): Promise<T> {
  const route = await resolveTableReadRoute();
  try {
    return await withTarget(route.target, () => work(route));
  } catch (error) {
    const appError = toAppError(error);
    if (route.target.name === PRIMARY_TARGET || appError.code !== 'database_unavailable') throw appError;
    throw new AppError(
      appError.code,
      `Table reads go to ${route.target.name} (TABLE_READS_FROM), which cannot be reached: ${appError.userMessage}`,
      { cause: error },
    );
  }
}

/** A report section of the insights pages, read on the routed target and cached per target. */
export async function loadTableSection<T>(key: string, load: () => Promise<T>): Promise<Section<T>> {
  const route = await resolveTableReadRoute();
  return withTarget(route.target, () => loadSection(key, load));
}
