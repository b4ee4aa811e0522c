/**
 * What a process's sampler writes to the console store — the samples, the states of the targets it judged (one
 * statement for all of them, lib/targets/state.ts), the alert book's changes and its own figures
 * (console.sampler_process) — in one transaction per batch, so a batch is recorded whole or not at all. While the
 * store is unreachable the writes are held here (the newest MAX_HELD_SAMPLES samples, the newest state of each
 * target, the book's changes, the newest figures) and written as soon as the store answers again: the history then
 * has the outage's samples and alerts instead of a gap. Every write of the book goes through its write lock
 * (AlertBook.exclusive).
 */
import 'server-only';
import type { AlertBook } from '../alerts/book';
import { findOpenEpisodes, writeBookChanges } from '../alerts/store';
import { getPrisma } from '../db';
import { deleteTargetStatesExcept, writeTargetStates, type StoredTargetState } from '../targets/state';
import { upsertSamplerProcess, type SamplerProcessRow } from './process-store';
import { insertSamples, type TargetSample } from './store';

/**
 * Four rounds of a thousand targets at the default 15 s interval (a snapshot is a few kB): a store outage longer than
 * a minute loses the oldest samples, never the states or the alerts.
 */
export const MAX_HELD_SAMPLES = 4_000;

export class RoundWrites {
  private samples: TargetSample[] = [];
  private readonly states = new Map<string, StoredTargetState>();
  /** The complete list of configured targets, as last read: states of others are deleted. */
  private listed: string[] | null = null;
  /** This process's newest figures. */
  private process: SamplerProcessRow | null = null;
  /** Samples given up since the last write because more than MAX_HELD_SAMPLES were waiting. */
  private droppedSamples = 0;

  constructor(
    private readonly book: AlertBook,
    private readonly log: (line: string) => void = (line) => console.warn(line),
  ) {}

  hold(round: {
    samples: readonly TargetSample[];
    states: readonly StoredTargetState[];
    listed: string[] | null;
    process?: SamplerProcessRow | null;
  }): void {
    this.samples.push(...round.samples);
    const excess = this.samples.length - MAX_HELD_SAMPLES;
    if (excess > 0) {
      if (this.droppedSamples === 0)
        this.log(
          `More than ${MAX_HELD_SAMPLES} samples are waiting for the console database: the oldest are given up from now on.`,
        );
      this.samples.splice(0, excess);
      this.droppedSamples += excess;
    }
    for (const state of round.states) {
      const previous = this.states.get(state.target);
      // Held while the store was away: the first moment of an outage must survive later rounds.
      const downSince = state.up ? null : ((previous && !previous.up ? previous.downSince : null) ?? state.downSince);
      this.states.set(state.target, { ...state, downSince });
    }
    if (round.listed) this.listed = round.listed;
    if (round.process) this.process = round.process;
  }

  private hasHeld(): boolean {
    return (
      this.samples.length > 0 ||
      this.states.size > 0 ||
      this.listed !== null ||
      this.process !== null ||
      this.book.hasPendingWrites()
    );
  }

  /** Writes everything held in one transaction; on failure it all stays held. The caller holds the book's lock. */
  private async writeHeld(): Promise<void> {
    if (!this.hasHeld()) return;
    const samples = this.samples;
    const states = [...this.states.values()];
    const listed = this.listed;
    const process = this.process;
    const markBook = await getPrisma().$transaction(
      async (tx) => {
        await insertSamples(samples, tx);
        await writeTargetStates(states, tx);
        if (listed) await deleteTargetStatesExcept(listed, tx);
        if (process) await upsertSamplerProcess(process, tx);
        return writeBookChanges(this.book, tx);
      },
      { timeout: 30_000 },
    );
    markBook();
    this.samples = this.samples.slice(samples.length);
    for (const state of states) if (this.states.get(state.target) === state) this.states.delete(state.target);
    if (this.listed === listed) this.listed = null;
    if (this.process === process) this.process = null;
    if (this.droppedSamples > 0) {
      this.log(`Wrote what was held for the console database; ${this.droppedSamples} older samples had been given up.`);
      this.droppedSamples = 0;
    }
  }

  /** Writes what is held (a batch's writes, or what an outage held back). */
  write(): Promise<void> {
    return this.book.exclusive(() => this.writeHeld());
  }

  /**
   * Before a batch: writes what earlier ones held back, then takes the store's open alert episodes as the book's
   * starting point (other processes step their own targets', and may have taken some of ours) — both under the
   * book's lock, so a delivery recorded in between is neither lost nor overwritten. Returns whether the store
   * answered.
   */
  catchUp(): Promise<boolean> {
    return this.book
      .exclusive(async () => {
        await this.writeHeld();
        this.book.adoptStored(await findOpenEpisodes());
      })
      .then(
        () => true,
        () => false,
      );
  }
}
