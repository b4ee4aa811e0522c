/**
 * What the sampler writes to the console store after each round — the samples, each target's state and the alert
 * book's changes — in one transaction, so a round is recorded whole or not at all. While the store is
 * unreachable the writes are held here (the newest MAX_HELD_SAMPLES samples, the newest state of each target, the
 * book's changes) and written by the first round that reaches it again: the history then has the outage's
 * samples and alerts instead of a gap.
 */
import 'server-only';
import { alertBook } from '../alerts/book';
import { writeBookChanges } from '../alerts/store';
import { getPrisma } from '../db';
import { deleteTargetStatesExcept, writeTargetStates, type TargetState } from '../targets/state';
import { insertSamples, type TargetSample } from './store';

/** About an hour of samples for a dozen targets at the default 15 s interval (a snapshot is a few kB). */
export const MAX_HELD_SAMPLES = 3_000;

export class RoundWrites {
  private samples: TargetSample[] = [];
  private readonly states = new Map<string, TargetState>();
  /** The complete list of targets of the newest round that had one: states of others are deleted. */
  private listed: string[] | null = null;
  private droppedSamples = 0;

  hold(round: { samples: readonly TargetSample[]; states: readonly TargetState[]; listed: string[] | null }): void {
    this.samples.push(...round.samples);
    const excess = this.samples.length - MAX_HELD_SAMPLES;
    if (excess > 0) {
      this.samples.splice(0, excess);
      this.droppedSamples += excess;
    }
    for (const state of round.states) {
      const previous = this.states.get(state.target);
      // Held while the store was away: the first moment of an outage must survive later rounds.
      const downSince = state.up ? null : (previous && !previous.up ? previous.downSince : null) ?? state.downSince;
      this.states.set(state.target, { ...state, downSince });
    }
    if (round.listed) this.listed = round.listed;
  }

  /** Samples not written because more than MAX_HELD_SAMPLES were waiting. */
  samplesDropped(): number {
    return this.droppedSamples;
  }

  pending(): number {
    return this.samples.length + this.states.size + (alertBook().hasPendingWrites() ? 1 : 0);
  }

  /** Writes everything held in one transaction; on failure it all stays held for the next round. */
  async write(): Promise<void> {
    const book = alertBook();
    const samples = this.samples;
    const states = [...this.states.values()];
    const listed = this.listed;
    if (samples.length === 0 && states.length === 0 && !listed && !book.hasPendingWrites()) return;
    const markBook = await book.exclusive(() =>
      getPrisma().$transaction(
        async (tx) => {
          await insertSamples(samples, tx);
          await writeTargetStates(states, tx);
          if (listed) await deleteTargetStatesExcept(listed, tx);
          return writeBookChanges(book, tx);
        },
        { timeout: 30_000 },
      ),
    );
    this.samples = this.samples.slice(samples.length);
    for (const state of states) if (this.states.get(state.target) === state) this.states.delete(state.target);
    if (this.listed === listed) this.listed = null;
    markBook();
  }
}
