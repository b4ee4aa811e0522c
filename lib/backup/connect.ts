/** A dedicated connection for backup work (snapshot export, scratch databases): outside the monitoring pool. */
import 'server-only';
import pg from 'pg';
import { z } from 'zod';
import { toPgPoolConfig } from '../config/pg-pool-config';
import type { ParsedConnection } from '../config/connection-string';
import { CONSOLE_LOCK_CLASS } from '../jobs/leader-loop';
import { clientRunner, int, text } from '../pg/rows';

export { tryAdvisoryLock } from '../jobs/leader-loop';

export async function connectDedicated(
  connection: ParsedConnection,
  purpose: string,
  database = connection.database,
): Promise<pg.Client> {
  const client = new pg.Client({
    ...toPgPoolConfig(connection),
    database,
    application_name: `halcytone-console ${purpose}`,
  });
  // An idle error (server restart) must not crash the process; the next query on it fails and is reported.
  client.on('error', () => {});
  await client.connect();
  return client;
}

/** Advisory lock keys: one backup at a time, one scheduler per deployment (the sampler uses objid 1). */
export const BACKUP_LOCK = { classId: CONSOLE_LOCK_CLASS, objectId: 2 } as const;
export const BACKUP_SCHEDULER_LOCK = { classId: CONSOLE_LOCK_CLASS, objectId: 3 } as const;
/** One restore or restore-verify at a time: each copies the whole database on the monitored server. */
export const RESTORE_LOCK = { classId: CONSOLE_LOCK_CLASS, objectId: 5 } as const;

export async function serverVersion(client: pg.ClientBase): Promise<{ version: string; major: number }> {
  const [row] = await clientRunner(client)(
    z.object({ version: text, num: int }),
    "SELECT current_setting('server_version') AS version, current_setting('server_version_num') AS num",
  );
  return { version: row.version.split(' ')[0], major: Math.floor(row.num / 10_000) };
}
