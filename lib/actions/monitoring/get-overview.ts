'use server';
import { requireRole } from '../../auth/session';
import { getOverviewSnapshot, type OverviewSnapshot } from '../../monitoring/overview';
import { toActionFailure, type ActionResult } from '../result';

/** Polled by the overview page through TanStack Query. */
export async function getOverview(): Promise<ActionResult<OverviewSnapshot>> {
  try {
    await requireRole('viewer');
    return { ok: true, data: await getOverviewSnapshot() };
  } catch (error) {
    return toActionFailure(error);
  }
}
