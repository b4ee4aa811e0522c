'use server';
import { z } from 'zod';
import { requireRole } from '../../auth/session';
import { onSelectedTarget } from '../../targets/selection';
import { loadActivityReport, type ActivityReport } from '../../monitoring/activity-report';
import { invalidInput, toActionFailure, type ActionResult } from '../result';

const thresholdSchema = z.number().int().min(1, 'The threshold must be at least 1 second.').max(86_400, 'The threshold must be at most a day.');

/** Polled by the Activity page. */
export async function getActivity(thresholdSeconds: number): Promise<ActionResult<ActivityReport>> {
  try {
    await requireRole('viewer');
    const parsed = thresholdSchema.safeParse(thresholdSeconds);
    if (!parsed.success) return invalidInput(parsed.error);
    return { ok: true, data: await onSelectedTarget(() => loadActivityReport(parsed.data)) };
  } catch (error) {
    return toActionFailure(error);
  }
}
