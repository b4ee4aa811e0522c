/**
 * What a sampler keeps in memory, whatever happens to the console store: the targets it owns as its attempts judged
 * them, its alert book, the writes it holds back, and its engine (schedule, queue, connections). The process's own
 * sampler (started from instrumentation.ts) uses processSamplerState(), which the readers — the fleet, the glance, the
 * alert history — consult while the store cannot be read. A test gives a sampler a state of its own to play a second
 * console process.
 */
import 'server-only';
import { AlertBook } from '../alerts/book';
import { getEnv } from '../env';
import { defaultAttemptTimeoutMs, SamplingEngine, type EngineSettings } from './engine';
import { LiveFleet } from './live-fleet';
import { soleShard, type Shard } from './membership';
import { RoundWrites } from './round-writes';

export interface SamplerState {
  live: LiveFleet;
  book: AlertBook;
  writes: RoundWrites;
  engine: SamplingEngine;
}

/** Settings from the environment (SAMPLE_INTERVAL_SECONDS, SAMPLER_*, TARGET_DOWN_AFTER_FAILURES), each overridable. */
export function createSamplerState(options: Partial<EngineSettings> & { shard?: Shard } = {}): SamplerState {
  const env = getEnv();
  const intervalMs = options.intervalMs ?? env.SAMPLE_INTERVAL_SECONDS * 1000;
  const settings: EngineSettings = {
    intervalMs,
    concurrency: options.concurrency ?? env.SAMPLER_CONCURRENCY,
    connectionBudget: options.connectionBudget ?? env.SAMPLER_CONNECTION_BUDGET,
    downAfterFailures: options.downAfterFailures ?? env.TARGET_DOWN_AFTER_FAILURES,
    attemptTimeoutMs: options.attemptTimeoutMs ?? defaultAttemptTimeoutMs(intervalMs),
  };
  const book = new AlertBook();
  return {
    live: new LiveFleet(),
    book,
    writes: new RoundWrites(book),
    // Until its sampler is given the process's shard (lib/sampler/runner.ts), it owns everything: a manual round
    // (sampleFleet, in tests) then covers every target.
    engine: new SamplingEngine(settings, options.shard ?? soleShard()),
  };
}

// One per process, kept across Next's development hot reloads.
const globalForState = globalThis as unknown as { consoleSamplerState?: SamplerState };

export function processSamplerState(): SamplerState {
  globalForState.consoleSamplerState ??= createSamplerState();
  return globalForState.consoleSamplerState;
}
