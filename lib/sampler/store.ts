/**
 * Samples in console.metric_sample, one row per target per round: written by the sampler, read by viewers
 * (latest) and charts (history). They live in the console store whatever target they describe; every snapshot read
 * back is parsed with its schema (lib/sampler/sample-schema.ts).
 */
import 'server-only';
import { z } from 'zod';
import { getPrisma } from '../db';
import type { Prisma } from '../generated/prisma/client';
import { json, parseRows, text, timestamp } from '../pg/rows';
import { PRIMARY_TARGET } from '../targets/target-list';
import type { Sample } from './sample';
import { parseStoredSample } from './sample-schema';

export interface TargetSample {
  target: string;
  sample: Sample;
}

type StoreWriter = Pick<Prisma.TransactionClient, 'metricSample'>;

/** A stored sample's row; its snapshot is parsed with the sample's own schema. */
const storedSampleRow = z.object({ taken_at: timestamp, snapshot: json });

/** Writes samples in one statement (a round's, or those held back while the store was unreachable). */
export async function insertSamples(
  samples: readonly TargetSample[],
  writer: StoreWriter = getPrisma(),
): Promise<void> {
  if (samples.length === 0) return;
  await writer.metricSample.createMany({
    data: samples.map(({ target, sample }) => ({
      target,
      takenAt: new Date(sample.takenAt),
      snapshot: sample as unknown as Prisma.InputJsonValue,
    })),
  });
}

export async function insertSample(sample: Sample, target = PRIMARY_TARGET): Promise<void> {
  await insertSamples([{ target, sample }]);
}

/** Retention: drops samples older than `days`. Returns how many were removed. */
export async function deleteSamplesOlderThan(days: number, now = new Date()): Promise<number> {
  const { count } = await getPrisma().metricSample.deleteMany({
    where: { takenAt: { lt: new Date(now.getTime() - days * 86_400_000) } },
  });
  return count;
}

export async function findLatestSample(target = PRIMARY_TARGET): Promise<Sample | null> {
  const row = await getPrisma().metricSample.findFirst({ where: { target }, orderBy: { takenAt: 'desc' } });
  return row ? parseStoredSample(row.snapshot, `${target} at ${row.takenAt.toISOString()}`) : null;
}

/** The newest sample of each named target, by one index probe each (metric_sample_target_taken_at_idx). */
export async function findLatestSamples(targets: readonly string[]): Promise<Map<string, Sample>> {
  if (targets.length === 0) return new Map();
  const rows = parseRows(
    storedSampleRow.extend({ target: text }),
    await getPrisma().$queryRaw`
    SELECT names.target, latest.taken_at, latest.snapshot
    FROM unnest(${targets}::text[]) AS names(target)
    CROSS JOIN LATERAL (
      SELECT taken_at, snapshot
      FROM console.metric_sample
      WHERE target = names.target
      ORDER BY taken_at DESC
      LIMIT 1
    ) AS latest`,
  );
  return new Map(
    rows.map((row) => [row.target, parseStoredSample(row.snapshot, `${row.target} at ${row.taken_at.toISOString()}`)]),
  );
}

/**
 * A target's samples taken from `from` up to (not including) `to`, thinned to at most `points` evenly spaced buckets
 * (the last sample of each bucket), so a 7-day range at 15-second sampling stays a few hundred points.
 */
export async function findSamplesBetween(
  from: Date,
  to: Date,
  points = 300,
  target = PRIMARY_TARGET,
): Promise<Sample[]> {
  const bucketSeconds = Math.max(1, Math.floor((to.getTime() - from.getTime()) / 1000 / points));
  const rows = parseRows(
    storedSampleRow,
    await getPrisma().$queryRaw`
    SELECT DISTINCT ON (bucket) taken_at, snapshot
    FROM (
      SELECT snapshot, taken_at, floor(extract(epoch FROM taken_at) / ${bucketSeconds}::int) AS bucket
      FROM console.metric_sample
      WHERE target = ${target} AND taken_at >= ${from} AND taken_at < ${to}
    ) AS bucketed
    ORDER BY bucket, taken_at DESC`,
  );
  return rows
    .map((row) => parseStoredSample(row.snapshot, `${target} at ${row.taken_at.toISOString()}`))
    .sort((a, b) => a.takenAt.localeCompare(b.takenAt));
}
