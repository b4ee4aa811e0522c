'use server';
import { requireRole } from '../../auth/session';
import { sharedCached } from '../../monitoring/shared-cache';
import { listTableSizes, type TableSize } from '../../pg/space';
import { onNamedTarget } from '../../targets/selection';
import { toActionFailure, type ActionResult } from '../result';

/**
 * One live measurement per target per minute, however many viewers press "Measure now": at 10,000 tables it costs
 * the watched server 0.8–2.0 s of stat calls (issue 16), so it is shared rather than run per click.
 */
const LIVE_MEASUREMENT_TTL_MS = 60_000;

export interface LiveTableSizes {
  /** ISO 8601: when the shared measurement was taken (up to a minute before the click). */
  measuredAt: string;
  tables: TableSize[];
}

/** The Space page's "Measure now": the 500 largest tables of the target the page showed, measured live. */
export async function measureTableSizes(target: string): Promise<ActionResult<LiveTableSizes>> {
  try {
    const viewer = await requireRole('viewer');
    const data = await onNamedTarget(viewer, target, ({ name }) =>
      sharedCached(`space:live-table-sizes@${name}`, LIVE_MEASUREMENT_TTL_MS, async () => ({
        measuredAt: new Date().toISOString(),
        tables: await listTableSizes('total'),
      })),
    );
    return { ok: true, data };
  } catch (error) {
    return toActionFailure(error);
  }
}
