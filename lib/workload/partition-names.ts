// Not 'server-only': scripts/start.ts loads it too (the demo history, lib/seed), where that import throws.
/**
 * Names and DDL of the workload history's day partitions (one per UTC day, `statement_minute_20261202`). Pure: the
 * collector's ./day-partitions.ts and the demo history's seeder create the same partitions, so retention finds both.
 */

/** Every day-partitioned table of the console schema. */
export const PARTITIONED_TABLES = ['statement_minute', 'activity_minute'] as const;
export type PartitionedTable = (typeof PARTITIONED_TABLES)[number];

const DAY_MS = 86_400_000;

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

/** The statement creating the partition of `table` for the day of `day`, unless it exists. */
export function createPartitionStatement(table: PartitionedTable, day: Date): string {
  const from = startOfUtcDay(day);
  const to = new Date(from.getTime() + DAY_MS);
  return `CREATE TABLE IF NOT EXISTS console.${partitionName(table, from)} PARTITION OF console.${table} FOR VALUES FROM ('${from.toISOString()}') TO ('${to.toISOString()}')`;
}
