'use server';
import { requireRole } from '../../auth/session';
import { getGlance as readGlance, type Glance } from '../../monitoring/glance';
import { toActionFailure, type ActionResult } from '../result';

/** Polled by the overview: reads the sampler's latest sample, never the monitored server's statistics. */
export async function getGlance(): Promise<ActionResult<Glance>> {
  try {
    await requireRole('viewer');
    return { ok: true, data: await readGlance() };
  } catch (error) {
    return toActionFailure(error);
  }
}
