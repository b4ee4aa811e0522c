'use server';
import { requireRole } from '../../auth/session';
import { loadGlance, type Glance } from '../../monitoring/glance';
import { getNamedTargetOrThrow } from '../../targets/selection';
import { toActionFailure, type ActionResult } from '../result';

/** Polled by the overview: the latest sample of the target it shows, never the monitored server's statistics. */
export async function getGlance(target: string): Promise<ActionResult<Glance>> {
  try {
    const viewer = await requireRole('viewer');
    return { ok: true, data: await loadGlance((await getNamedTargetOrThrow(viewer, target)).name) };
  } catch (error) {
    return toActionFailure(error);
  }
}
