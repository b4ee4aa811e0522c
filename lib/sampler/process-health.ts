/**
 * The sampling processes as the health panel reads them: console.sampler_process, written by each process's
 * sampler once per round, its figures parsed with their schema (lib/sampler/process-stats.ts).
 */
import 'server-only';
import os from 'node:os';
import { getPrisma } from '../db';
import { getEnv } from '../env';
import { toSamplerHealthRows, type SamplerHealthRow, type SamplerProcessRecord } from './process-health-rows';
import { samplerProcessStatsSchema } from './process-stats';

export async function listSamplerProcesses(): Promise<SamplerProcessRecord[]> {
  const rows = await getPrisma().samplerProcess.findMany({ orderBy: { memberId: 'asc' } });
  return rows.map(({ memberId, host, pid, startedAt, seenAt, stats }) => {
    const parsed = samplerProcessStatsSchema.safeParse(stats);
    return {
      memberId,
      host,
      pid,
      startedAt,
      seenAt,
      stats: parsed.success ? parsed.data : null,
      statsProblem: parsed.success
        ? null
        : `its round figures cannot be read (${parsed.error.issues[0]?.path.join('.') || 'stats'}: ${parsed.error.issues[0]?.message}); is it another version of the console?`,
    };
  });
}

/** The panel's rows, judged at `now`; this process's row (same host and pid) says so. */
export async function loadSamplerHealth(now = new Date()): Promise<SamplerHealthRow[]> {
  return toSamplerHealthRows(await listSamplerProcesses(), now, getEnv().SAMPLE_INTERVAL_SECONDS, {
    host: os.hostname(),
    pid: process.pid,
  });
}
