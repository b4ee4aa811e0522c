/**
 * Samples in console.metric_sample: written by the sampler, read by viewers (latest) and charts (history).
 */
import 'server-only';
import { getPrisma } from '../db';
import type { Prisma } from '../generated/prisma/client';
import type { Sample } from './sample';

export async function insertSample(sample: Sample): Promise<void> {
  await getPrisma().metricSample.create({
    data: { takenAt: new Date(sample.takenAt), snapshot: sample as unknown as Prisma.InputJsonValue },
  });
}

/** Retention: drops samples older than `days`. Returns how many were removed. */
export async function deleteSamplesOlderThan(days: number, now = new Date()): Promise<number> {
  const { count } = await getPrisma().metricSample.deleteMany({ where: { takenAt: { lt: new Date(now.getTime() - days * 86_400_000) } } });
  return count;
}

export async function findLatestSample(): Promise<Sample | null> {
  const row = await getPrisma().metricSample.findFirst({ orderBy: { takenAt: 'desc' } });
  return row ? (row.snapshot as unknown as Sample) : null;
}

/**
 * Samples since `since`, thinned to at most `points` evenly spaced buckets (the last sample of each bucket), so a
 * 7-day range at 15-second sampling stays a few hundred points.
 */
export async function findSamplesSince(since: Date, points = 300): Promise<Sample[]> {
  const bucketSeconds = Math.max(1, Math.floor((Date.now() - since.getTime()) / 1000 / points));
  const rows = await getPrisma().$queryRaw<{ snapshot: Sample }[]>`
    SELECT DISTINCT ON (bucket) snapshot
    FROM (
      SELECT snapshot, taken_at, floor(extract(epoch FROM taken_at) / ${bucketSeconds}::int) AS bucket
      FROM console.metric_sample
      WHERE taken_at >= ${since}
    ) AS bucketed
    ORDER BY bucket, taken_at DESC`;
  return rows.map((row) => row.snapshot).sort((a, b) => a.takenAt.localeCompare(b.takenAt));
}
