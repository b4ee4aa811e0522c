/**
 * Every watched server: DATABASE_URL ("primary"), the TARGETS variable, and targets admins added in the console
 * (their connection strings stored sealed, lib/targets/secret-box.ts). Read through a short shared cache.
 */
import 'server-only';
import { parseConnectionString } from '../config/connection-string';
import { getPrisma } from '../db';
import { getDatabaseConnection, getEnv } from '../env';
import { AppError } from '../errors';
import { forgetShared, sharedCached } from '../monitoring/shared-cache';
import { isStoreUnavailable, readKnown } from '../store/last-known';
import { openSecret, SecretBoxError } from './secret-box';
import { parseTargetList, PRIMARY_TARGET, type NamedConnection } from './target-list';

export type TargetSource = 'database-url' | 'environment' | 'console';

export interface Target extends NamedConnection {
  source: TargetSource;
}

/** A console-added target that cannot be used (its secret does not open): listed, shown down with the reason. */
export interface BrokenTarget {
  name: string;
  source: 'console';
  problem: string;
}

export interface TargetRegistry {
  targets: Target[];
  broken: BrokenTarget[];
  /**
   * False when the console-added targets could not be read just now (the console store is down): the last list
   * read is used, or only the environment's targets if there is none.
   */
  complete: boolean;
}

const REGISTRY_KEY = 'targets:registry';
const REGISTRY_TTL_MS = 5_000;

/** The stored rows of console-added targets, or null when the store has never answered this process. */
async function readManagedRows() {
  // The registry is cached on its own; this read only keeps the last rows for an outage.
  const known = await readKnown('targets:managed-rows', 0, () =>
    getPrisma().monitoredTarget.findMany({ orderBy: { name: 'asc' } }),
  ).catch((error: unknown) => {
    if (!isStoreUnavailable(error)) throw error;
    return null;
  });
  return known && { rows: known.value, complete: !known.stale };
}

async function readRegistry(): Promise<TargetRegistry> {
  const env = getEnv();
  const targets: Target[] = [
    { name: PRIMARY_TARGET, connection: getDatabaseConnection(env), source: 'database-url' },
    ...parseTargetList(env.TARGETS).map((target) => ({ ...target, source: 'environment' as const })),
  ];
  const broken: BrokenTarget[] = [];
  const taken = new Set(targets.map((target) => target.name));
  // They live in the console store; while it is down the last list read (else the environment's) is watched.
  const managed = await readManagedRows();
  if (!managed) return { targets, broken, complete: false };
  for (const row of managed.rows) {
    if (taken.has(row.name)) continue; // the environment wins; the admin page shows the clash
    try {
      if (!env.TARGETS_SECRET_KEY)
        throw new SecretBoxError('TARGETS_SECRET_KEY is not set, so the stored connection string cannot be opened.');
      targets.push({
        name: row.name,
        connection: parseConnectionString(openSecret(row.encryptedUrl, env.TARGETS_SECRET_KEY, row.name)),
        source: 'console',
      });
    } catch (error) {
      broken.push({
        name: row.name,
        source: 'console',
        problem: error instanceof SecretBoxError ? error.message : 'The stored connection string is no longer valid.',
      });
    }
  }
  return { targets, broken, complete: managed.complete };
}

export function getTargetRegistry(): Promise<TargetRegistry> {
  return sharedCached(REGISTRY_KEY, REGISTRY_TTL_MS, readRegistry);
}

/** After an admin adds or removes a target. */
export function forgetTargetRegistry(): void {
  forgetShared(REGISTRY_KEY);
}

export async function listTargets(): Promise<Target[]> {
  return (await getTargetRegistry()).targets;
}

export async function getTargetOrThrow(name: string): Promise<Target> {
  const target = (await listTargets()).find((candidate) => candidate.name === name);
  if (!target) throw new AppError('not_found', `There is no target named "${name}".`);
  return target;
}
