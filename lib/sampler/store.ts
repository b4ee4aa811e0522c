/**
 * Samples in console.metric_sample, one row per target per round: written by the sampler, read by viewers
 * (latest) and charts (history). They live in the primary's console schema whatever target they describe.
 */
import 'server-only';
import { getPrisma } from '../db';
import type { Prisma } from '../generated/prisma/client';
import { PRIMARY_TARGET } from '../targets/target-list';
import type { Sample } from './sample';

export async function insertSample(sample: Sample, target = PRIMARY_TARGET): Promise<void> {
  await getPrisma().metricSample.create({
    data: { target, takenAt: new Date(sample.takenAt), snapshot: sample as unknown as Prisma.InputJsonValue },
  });
}

/** Retention: drops samples older than `days`. Returns how many were removed. */
export async function deleteSamplesOlderThan(days: number, now = new Date()): Promise<number> {
  const { count } = await getPrisma().metricSample.deleteMany({ where: { takenAt: { lt: new Date(now.getTime() - days * 86_400_000) } } });
  return count;
}

export async function findLatestSample(target = PRIMARY_TARGET): Promise<Sample | null> {
  const row = await getPrisma().metricSample.findFirst({ where: { target }, orderBy: { takenAt: 'desc' } });
  return row ? (row.snapshot as unknown as Sample) : null;
}

/** The newest sample of each named target, by one index probe each (metric_sample_target_taken_at_idx). */
export async function findLatestSamples(targets: readonly string[]): Promise<Map<string, Sample>> {
  if (targets.length === 0) return new Map();
  const rows = await getPrisma().$queryRaw<{ target: string; snapshot: Sample }[]>`
    SELECT names.target, latest.snapshot
    FROM unnest(${targets}::text[]) AS names(target)
    CROSS JOIN LATERAL (
      SELECT snapshot
      FROM console.metric_sample
      WHERE target = names.target
      ORDER BY taken_at DESC
      LIMIT 1
    ) AS latest`;
  return new Map(rows.map((row) => [row.target, row.snapshot]));
}

/**
 * A target's samples since `since`, thinned to at most `points` evenly spaced buckets (the last sample of each
 * bucket), so a 7-day range at 15-second sampling stays a few hundred points.
 */
export async function findSamplesSince(since: Date, points = 300, target = PRIMARY_TARGET): Promise<Sample[]> {
  const bucketSeconds = Math.max(1, Math.floor((Date.now() - since.getTime()) / 1000 / points));
  const rows = await getPrisma().$queryRaw<{ snapshot: Sample }[]>`
    SELECT DISTINCT ON (bucket) snapshot
    FROM (
      SELECT snapshot, taken_at, floor(extract(epoch FROM taken_at) / ${bucketSeconds}::int) AS bucket
      FROM console.metric_sample
      WHERE target = ${target} AND taken_at >= ${since}
    ) AS bucketed
    ORDER BY bucket, taken_at DESC`;
  return rows.map((row) => row.snapshot).sort((a, b) => a.takenAt.localeCompare(b.takenAt));
}
