/**
 * Loads one section of a drill-down report: live, through the shared short cache (LIVE_REPORT_CACHE_SECONDS), and
 * settled, so a section that times out or fails shows its message while the rest of the page still shows.
 */
import 'server-only';
import { getEnv } from '../env';
import { activeTargetName } from '../pg/client';
import { toAppError } from '../pg/sqlstate';
import { knownError } from '../store/store-errors';
import { forgetSharedPrefix, sharedCached } from './shared-cache';

export type Section<T> = { ok: true; data: T } | { ok: false; code: string; message: string };

/** After a write: the sections whose key starts with `prefix` are read fresh by the next viewer, on every target. */
export function forgetSections(prefix: string): void {
  forgetSharedPrefix(`report:${prefix}`);
}

/** Loads a section of the target queries go to now (lib/pg/client.ts withTarget); each target is cached apart. */
export function loadSection<T>(key: string, load: () => Promise<T>): Promise<Section<T>> {
  return settleSection(() =>
    sharedCached(`report:${key}@${activeTargetName()}`, getEnv().LIVE_REPORT_CACHE_SECONDS * 1000, load),
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
