import { describe, expect, it } from 'vitest';
import { AlertBook, type StoredEpisode } from './book';
import type { EpisodeFacts } from './transitions';

const facts = (rule = 'PostgreSQLDown', target = 'primary'): EpisodeFacts => ({
  rule,
  target,
  severity: 'critical',
  summary: 'PostgreSQL is down',
  value: 0,
});
const at = (seconds: number) => new Date(Date.UTC(2026, 11, 1, 3, 0, seconds));

/** Writes everything pending, as the store would, giving new episodes ids from `nextId`. */
function writeAll(book: AlertBook, nextId = { value: 100n }) {
  const pending = book.pendingWrites();
  book.markWritten(
    pending.map(({ episode, version }) => ({
      localId: episode.localId,
      version,
      storedId: episode.dropped ? null : (episode.storedId ?? nextId.value++),
    })),
  );
  return pending;
}

describe('AlertBook', () => {
  it('holds what it has not written, and forgets closed episodes once written', () => {
    const book = new AlertBook();
    const [opened] = book.apply([{ kind: 'open', facts: facts(), firing: true }], at(0));
    expect(opened.status).toBe('firing');
    expect(book.open()).toEqual([
      { id: opened.episode.localId, rule: 'PostgreSQLDown', target: 'primary', state: 'firing', startedAt: at(0) },
    ]);
    expect(book.hasPendingWrites()).toBe(true);
    writeAll(book);
    expect(book.hasPendingWrites()).toBe(false);
    expect(opened.episode.storedId).toBe(100n);

    const [resolved] = book.apply(
      [{ kind: 'resolve', id: opened.episode.localId, rule: 'PostgreSQLDown', target: 'primary' }],
      at(90),
    );
    expect(resolved).toMatchObject({
      status: 'resolved',
      episode: { state: 'resolved', resolvedAt: at(90), storedId: 100n },
    });
    expect(book.open()).toEqual([]);
    expect(book.all()).toHaveLength(1);
    writeAll(book);
    expect(book.all()).toEqual([]);
  });

  it('drops a pending episode that was never written at once, and deletes one that was', () => {
    const book = new AlertBook();
    const open = () => book.apply([{ kind: 'open', facts: facts(), firing: false }], at(0));
    open();
    const unwritten = book.open()[0].id;
    book.apply([{ kind: 'drop', id: unwritten }], at(15));
    expect(book.all()).toEqual([]);
    expect(book.hasPendingWrites()).toBe(false);

    open();
    writeAll(book);
    const written = book.open()[0].id;
    book.apply([{ kind: 'drop', id: written }], at(30));
    expect(book.pendingWrites()).toMatchObject([{ episode: { dropped: true, storedId: 100n } }]);
    writeAll(book, { value: 200n });
    expect(book.all()).toEqual([]);
  });

  it('keeps a change made while a write was in flight pending', () => {
    const book = new AlertBook();
    const [{ episode }] = book.apply([{ kind: 'open', facts: facts(), firing: true }], at(0));
    const inFlight = book.pendingWrites();
    book.recordDelivery(episode, 'firing: delivered after 1 try');
    book.markWritten(inFlight.map(({ episode: e, version }) => ({ localId: e.localId, version, storedId: 7n })));
    expect(book.pendingWrites()).toMatchObject([
      { episode: { notified: 'firing: delivered after 1 try', storedId: 7n } },
    ]);
  });

  it('brings back a forgotten episode whose delivery ends late, with its stored id, to write the delivery', () => {
    const book = new AlertBook();
    const [fired] = book.apply([{ kind: 'open', facts: facts(), firing: true }], at(0));
    const [resolved] = book.apply(
      [{ kind: 'resolve', id: fired.episode.localId, rule: 'PostgreSQLDown', target: 'primary' }],
      at(60),
    );
    writeAll(book);
    expect(book.all()).toEqual([]);
    book.recordDelivery(resolved.episode, 'resolved: delivered after 2 tries');
    expect(book.pendingWrites()).toMatchObject([
      { episode: { storedId: 100n, state: 'resolved', notified: 'resolved: delivered after 2 tries' } },
    ]);
  });

  it("takes the store's open episodes only when nothing is waiting to be written, keeping local names", () => {
    const book = new AlertBook();
    const stored = (storedId: bigint): StoredEpisode => ({
      ...facts(),
      storedId,
      state: 'firing',
      startedAt: at(0),
      firedAt: at(60),
      resolvedAt: null,
      notified: null,
    });
    book.apply([{ kind: 'open', facts: facts('SlowQueries'), firing: false }], at(0));
    book.adoptStored([stored(5n)]);
    expect(book.open().map((episode) => episode.rule)).toEqual(['SlowQueries']);
    writeAll(book);
    book.adoptStored([stored(5n)]);
    const localId = book.open()[0].id;
    expect(book.open()).toMatchObject([{ rule: 'PostgreSQLDown', state: 'firing' }]);
    book.adoptStored([stored(5n)]);
    expect(book.open()[0].id).toBe(localId);
  });

  it("runs an episode's work in order, one after the other", async () => {
    const book = new AlertBook();
    const order: string[] = [];
    const slow = book.inOrder(1, async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      order.push('firing');
    });
    const fast = book.inOrder(1, async () => void order.push('resolved'));
    await Promise.all([slow, fast]);
    expect(order).toEqual(['firing', 'resolved']);
  });
});
