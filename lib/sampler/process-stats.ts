/**
 * How one console process's sampling rounds go, written by its sampler to console.sampler_process once per round and
 * read back by the sampler health panel and /api/metrics (issue 18). Pure: the shape and its schema, shared by the
 * writer (lib/sampler/) and the readers.
 */
import { z } from 'zod';

export const samplerProcessStatsSchema = z.object({
  /** SAMPLE_INTERVAL_SECONDS of that process: the round every owned target is due in. */
  intervalSeconds: z.number(),
  /** Targets this process owned (its shard) in its last round. */
  targets: z.number().int(),
  /** Attempts finished in the last round, up or failed with evidence about the target. */
  sampled: z.number().int(),
  /** Of those, attempts that failed (connection refused or timed out, a query failing). */
  failed: z.number().int(),
  /** Sampled, but later than their due time by more than a quarter of the interval. */
  late: z.number().int(),
  /** Owned targets the console could not sample in time this round (its own saturation): not evidence. */
  notSampled: z.number().int(),
  /**
   * The round's attempts back to back: their total time divided by the concurrency. Attempts are spread over the
   * interval, so wall time from first to last would always be about one interval; this one says how much of the
   * interval the work fills — above the interval, the process is behind.
   */
  roundSeconds: z.number(),
  /** Sampling connections this process keeps open now, and the most it may (SAMPLER_CONNECTION_BUDGET). */
  connectionsHeld: z.number().int(),
  connectionBudget: z.number().int(),
  /**
   * The workload collector's connections this process holds now, one per target it visits (lib/workload/collector.ts);
   * absent from a process that runs no collector, and from rows of consoles before it was counted.
   */
  collectorConnectionsHeld: z.number().int().optional(),
  /** Sampling connections opened in the round: near zero once warm; about the targets past the budget otherwise. */
  connectionsOpened: z.number().int().optional(),
  /** Targets sampled at once (SAMPLER_CONCURRENCY). */
  concurrency: z.number().int(),
  /** The worst event-loop delay seen in the round: high values mean the process itself is the bottleneck. */
  eventLoopDelayMs: z.number(),
  /** This process's CPU use over the round, in percent of one core. */
  cpuPercent: z.number(),
});

export type SamplerProcessStats = z.infer<typeof samplerProcessStatsSchema>;
