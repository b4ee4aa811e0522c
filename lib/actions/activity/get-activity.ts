'use server';
import { z } from 'zod';
import { requireRole } from '../../auth/session';
import { onNamedTarget } from '../../targets/selection';
import { loadActivityReport, type ActivityReport } from '../../monitoring/activity-report';
import { invalidInput, toActionFailure, type ActionResult } from '../result';

const thresholdSchema = z
  .number()
  .int()
  .min(1, 'The threshold must be at least 1 second.')
  .max(86_400, 'The threshold must be at most a day.');

/** Polled by the Activity page, for the target it shows. */
export async function getActivity(target: string, thresholdSeconds: number): Promise<ActionResult<ActivityReport>> {
  try {
    const viewer = await requireRole('viewer');
    const parsed = thresholdSchema.safeParse(thresholdSeconds);
    if (!parsed.success) return invalidInput(parsed.error);
    return { ok: true, data: await onNamedTarget(viewer, target, () => loadActivityReport(parsed.data)) };
  } catch (error) {
    return toActionFailure(error);
  }
}
