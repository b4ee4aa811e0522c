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

/** A section from data that has its own cache (the fleet's): settled, not cached a second time. */
export async function settleSection<T>(load: () => Promise<T>): Promise<Section<T>> {
  try {
    return { ok: true, data: await load() };
  } catch (error) {
    const appError = knownError(error) ?? toAppError(error);
    return { ok: false, code: appError.code, message: appError.userMessage };
  }
}
