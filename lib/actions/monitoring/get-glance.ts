'use server';
import { requireRole } from '../../auth/session';
import { getGlance as readGlance, type Glance } from '../../monitoring/glance';
import { getSelectedTarget } from '../../targets/selection';
import { toActionFailure, type ActionResult } from '../result';

/** Polled by the overview: the picked target's latest sample, never the monitored server's statistics. */
export async function getGlance(): Promise<ActionResult<Glance>> {
  try {
    await requireRole('viewer');
    return { ok: true, data: await readGlance((await getSelectedTarget()).name) };
  } catch (error) {
    return toActionFailure(error);
  }
}
