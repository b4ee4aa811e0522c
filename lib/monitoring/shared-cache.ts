/**
 * A per-process cache with single flight: however many viewers ask within `ttlMs`, the producer runs once and
 * everyone shares its result. Used for the latest sample and for live drill-down reports, so fifty people
 * watching cost the monitored server what one does. Bounded (lru-cache): some keys carry values a viewer chooses
 * (a threshold, a target), so the least recently used entries go beyond MAX_ENTRIES, and expired ones with them.
 */
import { LRUCache } from 'lru-cache';

interface Entry {
  at: number;
  value?: unknown;
  hasValue: boolean;
  pending?: Promise<unknown>;
}

/** Far more than the console's own keys (reports × targets); a flood of chosen values cannot grow past it. */
export const MAX_ENTRIES = 2_000;

// One cache per process, on globalThis: Next bundles route handlers and pages apart, each with its own copy of this
// module, and a change forgotten by one (a sign-out, a role change) must be forgotten for all.
const globalForCache = globalThis as unknown as { consoleSharedCache?: LRUCache<string, Entry> };
const entries = (globalForCache.consoleSharedCache ??= new LRUCache<string, Entry>({ max: MAX_ENTRIES }));

/**
 * `produce`'s value, shared by every caller within its TTL: `ttlMs`, or `ttlMs(value)` where how long a value is
 * kept depends on what it is (a report section keeps a timeout longer than data: lib/monitoring/sections.ts). A
 * producer that throws is not kept: the next caller runs it again. `now` is the clock, injectable for tests.
 */
export async function sharedCached<T>(
  key: string,
  ttlMs: number | ((value: T) => number),
  produce: () => Promise<T>,
  now: () => number = Date.now,
): Promise<T> {
  const entry = entries.get(key);
  if (entry?.pending) return entry.pending as Promise<T>;
  if (entry?.hasValue) {
    const value = entry.value as T;
    if (now() - entry.at < (typeof ttlMs === 'number' ? ttlMs : ttlMs(value))) return value;
  }
  const pending = produce();
  entries.set(key, { at: entry?.at ?? 0, value: entry?.value, hasValue: entry?.hasValue ?? false, pending });
  try {
    const value = await pending;
    entries.set(key, { at: now(), value, hasValue: true });
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
  for (const key of [...entries.keys()]) if (key.startsWith(prefix)) entries.delete(key);
}

/** How many entries the cache holds (for tests). */
export function sharedCacheSize(): number {
  return entries.size;
}

/** For tests. */
export function clearSharedCache(): void {
  entries.clear();
}
