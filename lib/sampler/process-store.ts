/**
 * console.sampler_process, the writing side: one row per console process that samples — who it is and how its last
 * round went (lib/sampler/process-stats.ts) — written by its sampler once per round with the round's other writes.
 * The health panel and /api/metrics read it through lib/sampler/process-health.ts. A row whose process has gone stays
 * until retention deletes it after a day.
 */
import 'server-only';
import { getPrisma } from '../db';
import type { Prisma } from '../generated/prisma/client';
import type { SamplerProcessStats } from './process-stats';

export interface SamplerProcessRow {
  memberId: number;
  host: string;
  pid: number;
  startedAt: Date;
  seenAt: Date;
  stats: SamplerProcessStats;
}

type ProcessWriter = Pick<Prisma.TransactionClient, 'samplerProcess'>;

/** A row whose last round is older than this is of a process that has gone; retention deletes it. */
const SAMPLER_PROCESS_KEPT_MS = 86_400_000;

export async function upsertSamplerProcess(row: SamplerProcessRow, writer: ProcessWriter = getPrisma()): Promise<void> {
  const data = { ...row, stats: row.stats as unknown as Prisma.InputJsonValue };
  await writer.samplerProcess.upsert({ where: { memberId: row.memberId }, create: data, update: data });
}

/** Retention: rows of processes gone for more than a day. */
export async function deleteSamplerProcessesOlderThan(ms = SAMPLER_PROCESS_KEPT_MS, now = new Date()): Promise<number> {
  const { count } = await getPrisma().samplerProcess.deleteMany({
    where: { seenAt: { lt: new Date(now.getTime() - ms) } },
  });
  return count;
}
