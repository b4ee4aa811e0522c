/**
 * Active session history between two writes: the samples of each minute summed in memory, per target, and handed
 * over once the minute is complete — one write per target and minute instead of one per sample. Pure.
 */
import type { ActiveSessionGroup } from '../../pg/activity';

const MINUTE_MS = 60_000;

/** One complete minute of samples: how many were taken, and the session counts summed over them per group. */
export interface ActivityMinute {
  minute: Date;
  samples: number;
  groups: ActiveSessionGroup[];
}

export function startOfMinute(at: Date): Date {
  return new Date(Math.floor(at.getTime() / MINUTE_MS) * MINUTE_MS);
}

const groupKey = (group: ActiveSessionGroup) =>
  JSON.stringify([group.waitClass, group.waitEvent, group.state, group.queryId, group.user, group.application]);

interface OpenMinute {
  samples: number;
  groups: Map<string, ActiveSessionGroup>;
}

export class MinuteAccumulator {
  private readonly minutes = new Map<number, OpenMinute>();

  /** Adds one sample taken at `at` (the groups of one sampleActiveSessions answer). */
  add(at: Date, groups: readonly ActiveSessionGroup[]): void {
    this.merge(startOfMinute(at).getTime(), 1, groups);
  }

  /** Removes and returns, oldest first, the minutes that ended at or before `now`. */
  takeCompleted(now: Date): ActivityMinute[] {
    const current = startOfMinute(now).getTime();
    const completed = [...this.minutes.keys()].filter((key) => key < current).sort((a, b) => a - b);
    return completed.map((key) => {
      const { samples, groups } = this.minutes.get(key)!;
      this.minutes.delete(key);
      return { minute: new Date(key), samples, groups: [...groups.values()] };
    });
  }

  /**
   * Puts back minutes a write could not store, to be written with the next ones (a brief outage of the console
   * store), keeping at most `keep` minutes in all: the oldest are given up first.
   */
  restore(minutes: readonly ActivityMinute[], keep: number): void {
    for (const { minute, samples, groups } of minutes) this.merge(minute.getTime(), samples, groups);
    const keys = [...this.minutes.keys()].sort((a, b) => a - b);
    for (const key of keys.slice(0, Math.max(0, keys.length - keep))) this.minutes.delete(key);
  }

  /** How many minutes are held, complete or not. */
  get size(): number {
    return this.minutes.size;
  }

  private merge(key: number, samples: number, groups: readonly ActiveSessionGroup[]): void {
    let open = this.minutes.get(key);
    if (!open) this.minutes.set(key, (open = { samples: 0, groups: new Map() }));
    open.samples += samples;
    for (const group of groups) {
      const id = groupKey(group);
      const summed = open.groups.get(id);
      open.groups.set(id, summed ? { ...summed, sessions: summed.sessions + group.sessions } : { ...group });
    }
  }
}
