/**
 * How many sessions this process's workload collector holds, for the sampling processes panel and /api/metrics
 * (lib/sampler/fleet-round.ts writes it with the round's figures). Its own module so that the sampler need not load
 * the collector and its tasks to read one number.
 */
import 'server-only';
import type { SamplingConnections } from '../sampler/connections';

const globalForCollector = globalThis as unknown as { collectorConnections?: Pick<SamplingConnections, 'held'> };

/** Called once by the collector this process runs (startWorkloadCollector). */
export function registerCollectorConnections(connections: Pick<SamplingConnections, 'held'>): void {
  globalForCollector.collectorConnections = connections;
}

/** The collector's sessions open now; undefined where no collector runs (tests, scripts). */
export function collectorConnectionsHeld(): number | undefined {
  return globalForCollector.collectorConnections?.held();
}
