/**
 * One read of a server shared by the watched databases on it. A fleet often watches many databases of a few servers,
 * and the server-wide reads (its sessions) cost in proportion to everything on the server: read once per database,
 * their cost grows with the square of the databases per server (bench/sample-cost.ts). Here a read is kept for
 * `maxAgeMs` under the server's key (lib/pg/server.ts getServerIdentity) and every database of that server sampled
 * meanwhile takes its figures from it, with the time it was read.
 *
 * A read under way is joined rather than started again. It runs on the connection of the caller that started it, so
 * if it fails, that failure is that caller's alone: the others read for themselves (never judged by another
 * target's broken connection). Failures are not kept.
 */

export interface SharedRead<T> {
  value: T;
  /** When the read started (its figures are of that moment, or a few milliseconds after). */
  readAt: Date;
}

interface Kept<T> {
  startedAt: number;
  read: Promise<SharedRead<T>>;
}

export class SharedReads<T> {
  private readonly kept = new Map<string, Kept<T>>();

  constructor(
    readonly maxAgeMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * A read of the server `key` no older than maxAgeMs at `now`: one kept or under way, or `load` run now. `now` is
   * the caller's clock when it has one of its own (the workload collector's visit time).
   */
  async read(key: string, load: () => Promise<T>, now = this.now()): Promise<SharedRead<T>> {
    const kept = this.kept.get(key);
    const age = kept ? now - kept.startedAt : Infinity;
    if (kept && age >= 0 && age <= this.maxAgeMs) {
      try {
        return await kept.read;
      } catch {
        return { value: await load(), readAt: new Date(now) };
      }
    }
    this.forgetOlderThan(now - this.maxAgeMs);
    const read = load().then((value) => ({ value, readAt: new Date(now) }));
    const entry = { startedAt: now, read };
    this.kept.set(key, entry);
    read.catch(() => {
      if (this.kept.get(key) === entry) this.kept.delete(key);
    });
    return read;
  }

  /** Reads kept now (tests). */
  size(): number {
    return this.kept.size;
  }

  /** A restarted server has a new key: the old keys' reads would otherwise stay for good. */
  private forgetOlderThan(cutoff: number): void {
    for (const [key, entry] of this.kept) if (entry.startedAt < cutoff) this.kept.delete(key);
  }
}
