'use server';
import { requireRole } from '../../auth/session';
import { probeStore } from '../../store/probe';
import { toActionFailure, type ActionResult } from '../result';

export interface ConsoleStatus {
  /** Set while the console database is unreachable: since when, and why (free of secrets). */
  storeOutage: { since: string; error: string } | null;
}

/** Polled by the outage banner on every page. */
export async function getConsoleStatus(): Promise<ActionResult<ConsoleStatus>> {
  try {
    await requireRole('viewer');
    const outage = await probeStore();
    return { ok: true, data: { storeOutage: outage && { since: outage.since.toISOString(), error: outage.error } } };
  } catch (error) {
    return toActionFailure(error);
  }
}
