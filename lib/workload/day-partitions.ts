/**
 * Day partitions of the workload history's minute tables (declarative range partitioning on a timestamptz column,
 * one partition per UTC day). Old data is retired by dropping whole partitions — never by a DELETE over millions of
 * rows, which would leave the table bloated and the server busy (issue 16). Parent names come only from
 * PARTITIONED_TABLES; partition names are the parent's plus the day (`statement_minute_20261202`).
 */
import 'server-only';
import { z } from 'zod';
import { getPrisma } from '../db';
import { parseRows, text } from '../pg/rows';

/** Every day-partitioned table of the console schema. */
export const PARTITIONED_TABLES = ['statement_minute', 'activity_minute'] as const;
export type PartitionedTable = (typeof PARTITIONED_TABLES)[number];

const DAY_MS = 86_400_000;

/** Creating or dropping a partition locks its parent; a reader holding it makes us wait this long at most, then retry later. */
const PARTITION_LOCK_TIMEOUT = '2s';

export function startOfUtcDay(at: Date): Date {
  return new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS);
}

/** `statement_minute_20261202` for the partition holding `day`. */
export function partitionName(table: PartitionedTable, day: Date): string {
  return `${table}_${startOfUtcDay(day).toISOString().slice(0, 10).replaceAll('-', '')}`;
}

/** The day a partition name holds, or null for a name that is not one of ours. */
export function partitionDay(table: PartitionedTable, name: string): Date | null {
  const match = new RegExp(`^${table}_(\\d{4})(\\d{2})(\\d{2})$`).exec(name);
  return match ? new Date(`${match[1]}-${match[2]}-${match[3]}T00:00:00Z`) : null;
}

/** The partitions of `table` that exist now. */
export async function listPartitions(table: PartitionedTable): Promise<string[]> {
  const rows = parseRows(
    z.object({ name: text }),
    await getPrisma().$queryRaw`
      SELECT child.relname::text AS name
      FROM pg_inherits
      JOIN pg_class parent ON parent.oid = pg_inherits.inhparent
      JOIN pg_namespace ns ON ns.oid = parent.relnamespace
      JOIN pg_class child ON child.oid = pg_inherits.inhrelid
      WHERE ns.nspname = 'console' AND parent.relname = ${table}
      ORDER BY child.relname`,
  );
  return rows.map((row) => row.name);
}

/** Runs DDL with a short lock timeout, so a long reader of the parent delays it rather than queueing everyone behind it. */
async function runPartitionDdl(statement: string): Promise<void> {
  await getPrisma().$transaction([
    getPrisma().$executeRawUnsafe(`SET LOCAL lock_timeout = '${PARTITION_LOCK_TIMEOUT}'`),
    getPrisma().$executeRawUnsafe(statement),
  ]);
}

/** Which tables' partitions this process has seen, by name, so a cycle costs no catalog read once today's exist. */
const known = new Map<PartitionedTable, Set<string>>();

/** Makes sure the partitions for the day of `now` and the next one exist (idempotent; cached per process). */
export async function ensureDayPartitions(table: PartitionedTable, now = new Date()): Promise<void> {
  const days = [startOfUtcDay(now), startOfUtcDay(new Date(now.getTime() + DAY_MS))];
  let names = known.get(table);
  if (names && days.every((day) => names!.has(partitionName(table, day)))) return;
  names = new Set(await listPartitions(table));
  for (const day of days) {
    const name = partitionName(table, day);
    if (names.has(name)) continue;
    const from = day.toISOString();
    const to = new Date(day.getTime() + DAY_MS).toISOString();
    await runPartitionDdl(
      `CREATE TABLE IF NOT EXISTS console.${name} PARTITION OF console.${table} FOR VALUES FROM ('${from}') TO ('${to}')`,
    );
    names.add(name);
  }
  known.set(table, names);
}

/** Drops every partition of `table` whose whole day is older than `keepDays` days before `now`. Returns their names. */
export async function dropPartitionsOlderThan(
  table: PartitionedTable,
  keepDays: number,
  now = new Date(),
): Promise<string[]> {
  const oldestKept = startOfUtcDay(new Date(now.getTime() - keepDays * DAY_MS));
  const dropped: string[] = [];
  for (const name of await listPartitions(table)) {
    const day = partitionDay(table, name);
    if (!day || day.getTime() >= oldestKept.getTime()) continue;
    await runPartitionDdl(`DROP TABLE IF EXISTS console.${name}`);
    known.get(table)?.delete(name);
    dropped.push(name);
  }
  return dropped;
}
