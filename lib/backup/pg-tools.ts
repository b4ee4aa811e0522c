/**
 * Finds pg_dump and pg_restore and reads their versions. pg_dump refuses a server of a newer major ("server
 * version mismatch") — the backup failure most often reported against pgAdmin — so the console compares the
 * majors before starting and says what to install instead of failing half-way.
 */
import { execFile } from 'node:child_process';
import { access, constants, readdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { AppError } from '../errors';

const run = promisify(execFile);

export type PgToolName = 'pg_dump' | 'pg_restore';

export interface PgTool {
  name: PgToolName;
  path: string;
  /** As printed, e.g. "15.18". */
  version: string;
  major: number;
}

/** "pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)" → 15.18; "pg_restore (PostgreSQL) 17beta2" → 17beta2. */
export function parseToolVersion(output: string): { version: string; major: number } | null {
  const match = /\(PostgreSQL\)\s+((\d+)(?:\.\d+)*(?:\w+)?)/.exec(output);
  return match ? { version: match[1], major: Number(match[2]) } : null;
}

async function isExecutable(file: string): Promise<boolean> {
  return access(file, constants.X_OK).then(
    () => true,
    () => false,
  );
}

async function readTool(name: PgToolName, file: string): Promise<PgTool | null> {
  try {
    const { stdout } = await run(file, ['--version'], { timeout: 10_000 });
    const parsed = parseToolVersion(stdout);
    return parsed ? { name, path: file, ...parsed } : null;
  } catch {
    return null;
  }
}

async function candidates(name: PgToolName): Promise<string[]> {
  const onPath = (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter(Boolean)
    .map((dir) => path.join(dir, name));
  const debianRoot = '/usr/lib/postgresql';
  const majors = await readdir(debianRoot).catch(() => [] as string[]);
  const debian = majors.map((major) => path.join(debianRoot, major, 'bin', name));
  const found: string[] = [];
  for (const file of [...onPath, ...debian]) if (!found.includes(file) && (await isExecutable(file))) found.push(file);
  return found;
}

/**
 * The explicit path when configured (PG_DUMP_PATH / PG_RESTORE_PATH), else the newest major among those on PATH
 * and under /usr/lib/postgresql/<major>/bin: a newer pg_dump can dump every older server.
 */
export async function findPgTool(name: PgToolName, configuredPath: string | undefined): Promise<PgTool> {
  const variable = name === 'pg_dump' ? 'PG_DUMP_PATH' : 'PG_RESTORE_PATH';
  if (configuredPath) {
    const tool = await readTool(name, configuredPath);
    if (!tool) throw new AppError('conflict', `${variable} is ${configuredPath}, but that is not a runnable ${name}.`);
    return tool;
  }
  const tools = (await Promise.all((await candidates(name)).map((file) => readTool(name, file)))).filter(
    (tool): tool is PgTool => tool !== null,
  );
  if (tools.length === 0) {
    throw new AppError(
      'conflict',
      `${name} was not found on PATH or under /usr/lib/postgresql/*/bin. Install the PostgreSQL client (Debian/Ubuntu: postgresql-client) or set ${variable}.`,
    );
  }
  return tools.reduce((newest, tool) => (tool.major > newest.major ? tool : newest));
}

/** pg_dump must be the server's major or newer; the message names both versions and the fix. */
export function assertDumpCanReadServer(tool: PgTool, server: { version: string; major: number }): void {
  if (tool.major >= server.major) return;
  throw new AppError(
    'conflict',
    `${tool.name} ${tool.version} (${tool.path}) cannot back up a PostgreSQL ${server.version} server: ${tool.name} must be ` +
      `version ${server.major} or newer. Install the PostgreSQL ${server.major} client (Debian/Ubuntu: postgresql-client-${server.major} ` +
      `from apt.postgresql.org) or set ${tool.name === 'pg_dump' ? 'PG_DUMP_PATH' : 'PG_RESTORE_PATH'} to one.`,
  );
}

/** pg_restore reads archives written by its own major or older. */
export function assertRestoreCanReadArchive(tool: PgTool, dumpVersion: string): void {
  const dumpMajor = Number.parseInt(dumpVersion, 10);
  if (!Number.isFinite(dumpMajor) || tool.major >= dumpMajor) return;
  throw new AppError(
    'conflict',
    `pg_restore ${tool.version} (${tool.path}) cannot read an archive written by pg_dump ${dumpVersion}. Install the PostgreSQL ${dumpMajor} client or set PG_RESTORE_PATH.`,
  );
}
