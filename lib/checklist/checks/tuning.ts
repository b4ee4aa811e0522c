/** Item 9: performance tuning applied — pg_settings against the advisor's recommendations (../tuning.ts). */
import 'server-only';
import os from 'node:os';
import type { Env } from '../../env';
import { findSettingsByName } from '../../pg/settings';
import { formatBytes } from '../../format';
import { adviseTuning, tuningRules, type ServerResources, type TuningAdvice } from '../tuning';
import type { Evidence } from '../types';

const GUIDE_SERVER_MEMORY = 16 * 1024 ** 3;

/**
 * The server's resources: configured (DB_SERVER_*), else this machine's for the embedded server, else the
 * guide's 16 GB server — SQL cannot see a remote server's memory, so the page says which it used.
 */
export function serverResources(env: Env): ServerResources {
  const embedded = env.CONSOLE_DATABASE_SOURCE === 'embedded';
  const memoryBytes = env.DB_SERVER_MEMORY_MB
    ? env.DB_SERVER_MEMORY_MB * 1024 ** 2
    : embedded
      ? os.totalmem()
      : GUIDE_SERVER_MEMORY;
  const cpus = env.DB_SERVER_CPUS ?? (embedded ? os.cpus().length : 4);
  const source = env.DB_SERVER_MEMORY_MB
    ? 'DB_SERVER_MEMORY_MB'
    : embedded
      ? 'this machine (the embedded server runs here)'
      : "assumed: the guide's 16 GB server (set DB_SERVER_MEMORY_MB)";
  return { memoryBytes, cpus, storage: env.DB_SERVER_STORAGE, source };
}

/** `resources` lets the Tuning page try other figures than the configured ones (nothing is stored). */
export async function loadTuningAdvice(
  env: Env,
  resources: ServerResources = serverResources(env),
): Promise<{ resources: ServerResources; advice: TuningAdvice[] }> {
  const names = tuningRules(resources).map((rule) => rule.name);
  const settings = await findSettingsByName(names);
  return { resources, advice: adviseTuning(resources, settings) };
}

export async function checkTuning(env: Env): Promise<Evidence> {
  const { resources, advice } = await loadTuningAdvice(env);
  const off = advice.filter((item) => item.status !== 'pass');
  const facts = [
    {
      label: 'Server',
      value: `${formatBytes(resources.memoryBytes)} memory, ${resources.cpus} CPUs, ${resources.storage.toUpperCase()} — ${resources.source}`,
    },
    ...advice.map((item) => ({
      label: item.name,
      value: `${item.current} (recommended ${item.recommended})`,
      status: item.status,
    })),
  ];
  if (off.length === 0)
    return {
      status: 'pass',
      summary: `All ${advice.length} settings the guide tunes match the recommendations for this server.`,
      facts,
    };
  return {
    status: 'warn',
    summary: `${off.length} of ${advice.length} settings differ from the recommendations: ${off.map((item) => item.name).join(', ')}.`,
    facts,
  };
}
