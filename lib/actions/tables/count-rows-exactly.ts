'use server';
import { z } from 'zod';
import { requireRole } from '../../auth/session';
import { countMatchingRows } from '../../tables/browse';
import { onTableReadTarget } from '../../tables/read-route';
import { resolveView, searchParamsToRecord } from '../../tables/resolve-view';
import { invalidInput, toActionFailure, type ActionResult } from '../result';

/** The "count exactly" button: may take long on big tables, so it runs under its own timeout. */
const EXACT_COUNT_TIMEOUT_MS = 15_000;

const countSchema = z.object({ table: z.string().max(100), search: z.string().max(20_000) });

export async function countRowsExactly(input: {
  table: string;
  search: string;
}): Promise<ActionResult<{ count: number }>> {
  try {
    await requireRole('viewer');
    const parsed = countSchema.safeParse(input);
    if (!parsed.success) return invalidInput(parsed.error);
    const view = resolveView(parsed.data.table, searchParamsToRecord(new URLSearchParams(parsed.data.search)));
    return {
      ok: true,
      data: { count: await onTableReadTarget(() => countMatchingRows(view, EXACT_COUNT_TIMEOUT_MS)) },
    };
  } catch (error) {
    return toActionFailure(error);
  }
}
