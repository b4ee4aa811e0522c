/**
 * Day partitions of the workload history's minute tables (declarative range partitioning on a timestamptz column,
 * one partition per UTC day). Old data is retired by dropping whole partitions — never by a DELETE over millions of
 * rows, which would leave the table bloated and the server busy (issue 16). Parent names come only from
 * PARTITIONED_TABLES, names and DDL from ./partition-names.ts (the demo history's seeder creates the same ones).
 */
import 'server-only';
import { z } from 'zod';
import { getPrisma } from '../db';
import { parseRows, text } from '../pg/rows';
import {
  createPartitionStatement,
  partitionDay,
  partitionName,
  startOfUtcDay,
  type PartitionedTable,
} from './partition-names';

const DAY_MS = 86_400_000;

/** Creating or dropping a partition locks its parent; a reader holding it makes us wait this long at most, then retry later. */
const PARTITION_LOCK_TIMEOUT = '2s';

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
    await runPartitionDdl(createPartitionStatement(table, day));
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
