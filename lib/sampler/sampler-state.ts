/**
 * What a sampler keeps in memory, whatever happens to the console store: the fleet as its rounds saw it, its alert
 * book, and the writes it holds back. The process's own sampler (started from instrumentation.ts) uses
 * processSamplerState(), which the readers — the fleet, the glance, the alert history — consult while the store
 * cannot be read. A test gives a sampler a state of its own to play a second console process.
 */
import 'server-only';
import { AlertBook } from '../alerts/book';
import { LiveFleet } from './live-fleet';
import { RoundWrites } from './round-writes';

export interface SamplerState {
  live: LiveFleet;
  book: AlertBook;
  writes: RoundWrites;
}

export function createSamplerState(): SamplerState {
  const book = new AlertBook();
  return { live: new LiveFleet(), book, writes: new RoundWrites(book) };
}

// One per process, kept across Next's development hot reloads.
const globalForState = globalThis as unknown as { consoleSamplerState?: SamplerState };

export function processSamplerState(): SamplerState {
  globalForState.consoleSamplerState ??= createSamplerState();
  return globalForState.consoleSamplerState;
}
