/**
 * Every watched server: DATABASE_URL ("primary"), the TARGETS variable, and targets admins added in the console
 * (their connection strings stored sealed, lib/targets/secret-box.ts), each with its tags (TARGET_TAGS for the
 * environment's, the stored ones for console-added). Read through a short shared cache.
 */
import 'server-only';
import { parseConnectionString } from '../config/connection-string';
import { getPrisma } from '../db';
import { ConfigurationError, getDatabaseConnection, getEnv } from '../env';
import { AppError } from '../errors';
import { forgetShared, sharedCached } from '../monitoring/shared-cache';
import { isStoreUnavailable, readKnown } from '../store/last-known';
import { openSecret, SecretBoxError } from './secret-box';
import { parseTargetList, PRIMARY_TARGET, type NamedConnection } from './target-list';
import { parseTargetTags, TargetTagsError } from './target-tags';

export type TargetSource = 'database-url' | 'environment' | 'console';

export interface Target extends NamedConnection {
  source: TargetSource;
  /**
   * Labels that filter the fleet page. Optional, as targets are also made by hand (a test's, a bench's, a one-off
   * connection): none when absent. The registry always sets them.
   */
  tags?: string[];
}

/** A console-added target that cannot be used (its secret does not open): listed, shown down with the reason. */
export interface BrokenTarget {
  name: string;
  source: 'console';
  tags: string[];
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

/** The environment's targets with their TARGET_TAGS (validated at start-up by lib/env.ts, so a throw here is rare). */
function environmentTargets(): Target[] {
  const env = getEnv();
  const listed = [
    { name: PRIMARY_TARGET, connection: getDatabaseConnection(env), source: 'database-url' as const },
    ...parseTargetList(env.TARGETS).map((target) => ({ ...target, source: 'environment' as const })),
  ];
  let tags: Map<string, string[]>;
  try {
    tags = parseTargetTags(
      env.TARGET_TAGS,
      listed.map((target) => target.name),
    );
  } catch (error) {
    if (error instanceof TargetTagsError) throw new ConfigurationError(`Invalid configuration: ${error.message}`);
    throw error;
  }
  return listed.map((target) => ({ ...target, tags: tags.get(target.name) ?? [] }));
}

async function readRegistry(): Promise<TargetRegistry> {
  const env = getEnv();
  const targets = environmentTargets();
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
        tags: row.tags,
      });
    } catch (error) {
      broken.push({
        name: row.name,
        source: 'console',
        tags: row.tags,
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
