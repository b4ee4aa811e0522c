/**
 * The sampler's alert episodes in memory: the open ones it steps each round, and every change it has not yet
 * written to the console store. The store stays the record (history, other processes), but alerting does not
 * wait for it: when the store is unreachable — the primary holding it is down — PostgreSQLDown still goes pending,
 * fires after its `for` and reaches the webhook, and the episode is written when the store is back, so the
 * history shows it. Pure bookkeeping; lib/alerts/store.ts reads and writes the rows.
 */
import type { EpisodeFacts, OpenEpisode, Transition } from './transitions';

export interface BookEpisode {
  /** This process's name for the episode, stable while it is in the book. */
  localId: number;
  /** console.alert_event.id once written. */
  storedId: bigint | null;
  rule: string;
  target: string;
  severity: string;
  state: 'pending' | 'firing' | 'resolved';
  summary: string;
  value: number | null;
  startedAt: Date;
  firedAt: Date | null;
  resolvedAt: Date | null;
  notified: string | null;
  /** A pending episode whose condition cleared: removed from the store, if it was ever written. */
  dropped: boolean;
}

/** An open episode as the store holds it. */
export type StoredEpisode = Omit<BookEpisode, 'localId' | 'storedId' | 'dropped'> & { storedId: bigint };

export interface EpisodeChange {
  episode: BookEpisode;
  status: 'firing' | 'resolved';
}

interface Entry {
  episode: BookEpisode;
  /** Bumped on every change, so a write that raced a change does not mark it written. */
  version: number;
  writtenVersion: number;
}

const isOpen = (episode: BookEpisode) => !episode.dropped && episode.state !== 'resolved';

export class AlertBook {
  private readonly entries = new Map<number, Entry>();
  private nextId = 1;
  private writing: Promise<unknown> = Promise.resolve();
  private readonly chains = new Map<number, Promise<void>>();

  /** Runs `work` for an episode after its earlier work has settled (its notifications go out in order). */
  inOrder(localId: number, work: () => Promise<void>): Promise<void> {
    const next = (this.chains.get(localId) ?? Promise.resolve()).then(work).finally(() => {
      if (this.chains.get(localId) === next) this.chains.delete(localId);
    });
    this.chains.set(localId, next);
    return next;
  }

  /**
   * Runs writes of the book one at a time (a round's and a delivery's), so two writers never insert the same new
   * episode twice.
   */
  exclusive<T>(write: () => Promise<T>): Promise<T> {
    const next = this.writing.then(write, write);
    this.writing = next.catch(() => undefined);
    return next;
  }

  /** Changes not yet written to the store. */
  pendingWrites(): { episode: BookEpisode; version: number }[] {
    return [...this.entries.values()]
      .filter((entry) => entry.version !== entry.writtenVersion)
      .map(({ episode, version }) => ({ episode: { ...episode }, version }));
  }

  hasPendingWrites(): boolean {
    return [...this.entries.values()].some((entry) => entry.version !== entry.writtenVersion);
  }

  /** After a write: records the stored ids, forgets closed episodes that are now in the store. */
  markWritten(written: readonly { localId: number; version: number; storedId: bigint | null }[]): void {
    for (const { localId, version, storedId } of written) {
      const entry = this.entries.get(localId);
      if (!entry) continue;
      entry.episode.storedId = storedId;
      if (entry.version !== version) continue;
      entry.writtenVersion = version;
      if (!isOpen(entry.episode)) this.entries.delete(localId);
    }
  }

  /**
   * The store is the record when it can be read and nothing here is waiting to be written: take its open
   * episodes (another process may have led meanwhile), keeping the local names of those already known.
   */
  adoptStored(stored: readonly StoredEpisode[]): void {
    if (this.hasPendingWrites()) return;
    const byStoredId = new Map([...this.entries.values()].map((entry) => [entry.episode.storedId, entry]));
    this.entries.clear();
    for (const row of stored) {
      const known = byStoredId.get(row.storedId);
      const localId = known?.episode.localId ?? this.nextId++;
      this.entries.set(localId, { episode: { ...row, localId, dropped: false }, version: 0, writtenVersion: 0 });
    }
  }

  /** The open episodes, as the pure stepping function takes them. */
  open(): OpenEpisode[] {
    return [...this.entries.values()]
      .map((entry) => entry.episode)
      .filter(isOpen)
      .map(({ localId, rule, target, state, startedAt }) => ({
        id: localId,
        rule,
        target,
        state: state as OpenEpisode['state'],
        startedAt,
      }));
  }

  /** Every episode in the book, open or closed but not yet written (for the history while the store is down). */
  all(): BookEpisode[] {
    return [...this.entries.values()].filter((entry) => !entry.episode.dropped).map((entry) => ({ ...entry.episode }));
  }

  private change(localId: number, update: (episode: BookEpisode) => void): BookEpisode | undefined {
    const entry = this.entries.get(localId);
    if (!entry) return undefined;
    update(entry.episode);
    entry.version++;
    return entry.episode;
  }

  /** Applies one round's transitions; returns the episodes that fired or resolved, to notify about. */
  apply(transitions: readonly Transition[], now: Date): EpisodeChange[] {
    const changes: EpisodeChange[] = [];
    const withFacts = (facts: EpisodeFacts) => (episode: BookEpisode) => {
      episode.summary = facts.summary;
      episode.value = facts.value;
    };
    for (const transition of transitions) {
      switch (transition.kind) {
        case 'open': {
          const { facts, firing } = transition;
          const episode: BookEpisode = {
            ...facts,
            localId: this.nextId++,
            storedId: null,
            state: firing ? 'firing' : 'pending',
            startedAt: now,
            firedAt: firing ? now : null,
            resolvedAt: null,
            notified: null,
            dropped: false,
          };
          this.entries.set(episode.localId, { episode, version: 1, writtenVersion: 0 });
          if (firing) changes.push({ episode, status: 'firing' });
          break;
        }
        case 'fire': {
          const episode = this.change(transition.id, (e) => {
            withFacts(transition.facts)(e);
            e.state = 'firing';
            e.firedAt = now;
          });
          if (episode) changes.push({ episode, status: 'firing' });
          break;
        }
        case 'update':
          this.change(transition.id, withFacts(transition.facts));
          break;
        case 'resolve': {
          const episode = this.change(transition.id, (e) => {
            e.state = 'resolved';
            e.resolvedAt = now;
          });
          if (episode) changes.push({ episode, status: 'resolved' });
          break;
        }
        case 'drop': {
          const entry = this.entries.get(transition.id);
          // Never written: nothing to remove from the store, so nothing to keep (a flapping condition stays bounded).
          if (entry && entry.episode.storedId === null) this.entries.delete(transition.id);
          else this.change(transition.id, (e) => (e.dropped = true));
          break;
        }
      }
    }
    // The live episodes, not copies: a notification that ends after the episode was written must see its id.
    return changes;
  }

  /** Records how a notification went; an episode already written and forgotten comes back to be written again. */
  recordDelivery(episode: BookEpisode, notified: string): void {
    if (!this.change(episode.localId, (e) => (e.notified = notified))) {
      this.entries.set(episode.localId, { episode: { ...episode, notified }, version: 1, writtenVersion: 0 });
    }
  }
}
