'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { requireRole } from '../../auth/session';
import { requireRoleOn } from '../../auth/target-roles';
import { forgetSections } from '../../monitoring/sections';
import { ROLLUP_SOURCES } from '../../tables/insights/rollups/definitions';
import { applyRollupsStopped } from '../../tables/insights/rollups/apply-rollups-stopped';
import { PRIMARY_TARGET } from '../../targets/target-list';
import { invalidInput, toActionFailure, type ActionResult } from '../result';

const tables = ROLLUP_SOURCES.map((source) => source.table) as [string, ...string[]];
const stopSchema = z.object({
  table: z.enum(tables, `The table must be one of ${tables.join(', ')}.`),
  stopped: z.boolean('Say whether to stop or resume.'),
});

/**
 * Stops (or resumes) the insights build and upkeep of one table — for a build that weighs on the watched database
 * at a bad moment: operator, confirmed in the UI, audited.
 */
export async function setInsightsStopped(input: {
  table: string;
  stopped: boolean;
}): Promise<ActionResult<{ stopped: boolean }>> {
  try {
    const operator = await requireRole('operator');
    // The application tables are written on the primary (reads may come from TABLE_READS_FROM): the role there decides.
    requireRoleOn(operator, PRIMARY_TARGET);
    const parsed = stopSchema.safeParse(input);
    if (!parsed.success) return invalidInput(parsed.error);
    const source = ROLLUP_SOURCES.find((candidate) => candidate.table === parsed.data.table)!;
    await applyRollupsStopped(operator, source.table, parsed.data.stopped);
    forgetSections('insights-rollups:');
    revalidatePath(`/tables/${source.table}/insights`);
    return { ok: true, data: { stopped: parsed.data.stopped } };
  } catch (error) {
    return toActionFailure(error);
  }
}
