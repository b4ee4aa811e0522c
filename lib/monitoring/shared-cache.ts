/**
 * A per-process cache with single flight: however many viewers ask within `ttlMs`, the producer runs once and
 * everyone shares its result. Used for the latest sample and for live drill-down reports, so fifty people
 * watching cost the monitored server what one does.
 */
interface Entry<T> {
  at: number;
  value?: T;
  pending?: Promise<T>;
}

const entries = new Map<string, Entry<unknown>>();

export async function sharedCached<T>(key: string, ttlMs: number, produce: () => Promise<T>, now = Date.now()): Promise<T> {
  const entry = entries.get(key) as Entry<T> | undefined;
  if (entry?.pending) return entry.pending;
  if (entry && 'value' in entry && now - entry.at < ttlMs) return entry.value as T;
  const pending = produce();
  entries.set(key, { ...entry, at: entry?.at ?? 0, pending });
  try {
    const value = await pending;
    entries.set(key, { at: Date.now(), value });
    return value;
  } catch (error) {
    entries.delete(key);
    throw error;
  }
}

/** Drops one entry, so the next caller reads fresh data (after a change this process made itself). */
export function forgetShared(key: string): void {
  entries.delete(key);
}

/** Drops every entry whose key starts with `prefix`. */
export function forgetSharedPrefix(prefix: string): void {
  for (const key of entries.keys()) if (key.startsWith(prefix)) entries.delete(key);
}

/** For tests. */
export function clearSharedCache(): void {
  entries.clear();
}
