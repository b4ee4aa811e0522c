/**
 * Loads one section of a drill-down report: live, through the shared short cache with single flight (however many
 * viewers ask, one run), and settled, so a section that times out or fails shows its message while the rest of the
 * page still shows. The settled section is what is cached: data and ordinary failures for LIVE_REPORT_CACHE_SECONDS
 * (an outage page recovers as fast as the data refreshes), a timeout for SECTION_FAILURE_RETRY_SECONDS — a query
 * that ran out of time will do so again, and N viewers must not start N such scans of the watched server.
 */
import 'server-only';
import { getEnv, type Env } from '../env';
import { activeTargetName } from '../pg/client';
import { toAppError } from '../pg/sqlstate';
import { knownError } from '../store/store-errors';
import { forgetSharedPrefix, sharedCached } from './shared-cache';

/**
 * A section's data, or why it could not be loaded. `at` (ISO 8601) is when the data or the failure was produced,
 * set by loadSection; `retryAt`, when a timeout is kept, is when the next viewer will run the section again.
 */
export type Section<T> =
  { ok: true; data: T; at?: string } | { ok: false; code: string; message: string; at?: string; retryAt?: string };

/** After a write: the sections whose key starts with `prefix` are read fresh by the next viewer, on every target. */
export function forgetSections(prefix: string): void {
  forgetSharedPrefix(`report:${prefix}`);
}

/** What loadSection reads besides its loader; both injectable for tests. */
export interface SectionClock {
  now?: () => number;
  env?: Pick<Env, 'LIVE_REPORT_CACHE_SECONDS' | 'SECTION_FAILURE_RETRY_SECONDS'>;
}

/** Loads a section of the target queries go to now (lib/pg/client.ts withTarget); each target is cached apart. */
export function loadSection<T>(
  key: string,
  load: () => Promise<T>,
  { now = Date.now, env = getEnv() }: SectionClock = {},
): Promise<Section<T>> {
  const keptMs = (section: Section<T>) =>
    (section.ok || section.code !== 'query_timeout'
      ? env.LIVE_REPORT_CACHE_SECONDS
      : env.SECTION_FAILURE_RETRY_SECONDS) * 1000;
  const iso = (ms: number) => new Date(ms).toISOString();
  return sharedCached(
    `report:${key}@${activeTargetName()}`,
    keptMs,
    async (): Promise<Section<T>> => {
      const section = await settleSection(load);
      const at = now();
      if (section.ok) return { ...section, at: iso(at) };
      const retryMs = section.code === 'query_timeout' ? keptMs(section) : 0;
      return { ...section, at: iso(at), ...(retryMs > 0 && { retryAt: iso(at + retryMs) }) };
    },
    now,
  );
}

/** What loadSections takes: for each section, its cache key and its loader. */
export type SectionLoaders<T> = { [K in keyof T]: readonly [key: string, load: () => Promise<T[K]>] };

/** Several sections at once, each loaded and settled on its own (loadSection), returned under the names given. */
export async function loadSections<T extends object>(
  loaders: SectionLoaders<T>,
): Promise<{ [K in keyof T]: Section<T[K]> }> {
  const entries = Object.entries(loaders) as [string, readonly [string, () => Promise<unknown>]][];
  const settled = await Promise.all(entries.map(async ([name, [key, load]]) => [name, await loadSection(key, load)]));
  return Object.fromEntries(settled) as { [K in keyof T]: Section<T[K]> };
}

/** A section from data that has its own cache (the fleet's): settled, not cached a second time. */
export async function settleSection<T>(load: () => Promise<T>): Promise<Section<T>> {
  try {
    return { ok: true, data: await load() };
  } catch (error) {
    const appError = knownError(error) ?? toAppError(error);
    return { ok: false, code: appError.code, message: appError.userMessage };
  }
}
