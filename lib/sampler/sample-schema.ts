/**
 * The shape of a stored sample (console.metric_sample.snapshot, JSONB), checked when it is read back: a snapshot
 * written by an older console, or edited by hand, is refused with the field that is wrong rather than reaching a
 * component as the wrong type. Fields added over time are optional, as samples taken before them lack them.
 */
import { z } from 'zod';
import type { Sample } from './sample';

const count = z.number().finite();
const nullableNumber = count.nullable();

export const sampleSchema: z.ZodType<Sample> = z.object({
  takenAt: z.string(),
  server: z.object({
    version: z.string(),
    startedAt: z.string(),
    maxConnections: count,
    superuserReservedConnections: count,
  }),
  database: z.object({ name: z.string(), sizeBytes: count }),
  connections: z.object({
    inDatabase: count,
    activeInDatabase: count,
    onServer: count,
    byState: z.array(z.object({ state: z.string(), count })),
  }),
  longRunning: z.object({ count, longestSeconds: nullableNumber, thresholdSeconds: count }),
  idleInTransaction: count,
  blockedSessions: count,
  slowQueries: z.object({ count, thresholdMs: count }).nullable(),
  cache: z.object({ heapRead: count, heapHit: count, ratio: nullableNumber }),
  counters: z.object({
    xactCommit: count,
    xactRollback: count,
    deadlocks: count,
    statsReset: z.string().nullable(),
    numbackends: count.optional(),
    blksRead: count.optional(),
    blksHit: count.optional(),
    tupReturned: count.optional(),
    tupFetched: count.optional(),
    tupInserted: count.optional(),
    tupUpdated: count.optional(),
    tupDeleted: count.optional(),
    conflicts: count.optional(),
    tempFiles: count.optional(),
    tempBytes: count.optional(),
  }),
  replication: z.object({ replicas: count, maxLagSeconds: nullableNumber }),
  locks: z.record(z.string(), count).optional(),
  recovery: z.object({ inRecovery: z.boolean(), lagSeconds: nullableNumber }).optional(),
  regressions: count.optional(),
  slowFiguresAt: z.string().optional(),
  sessionsAt: z.string().optional(),
});

export class StoredSampleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoredSampleError';
  }
}

/** Parses one stored snapshot; `where` names it in the error (target and time). */
export function parseStoredSample(snapshot: unknown, where: string): Sample {
  const result = sampleSchema.safeParse(snapshot);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new StoredSampleError(
    `The stored sample of ${where} is malformed at ${issue.path.join('.') || 'its root'}: ${issue.message}.`,
  );
}
