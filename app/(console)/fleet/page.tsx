import { z } from 'zod';
import { FleetTable } from '@/components/fleet/fleet-table';
import { ReportSection } from '@/components/reports/report-section';
import { AutoRefresh } from '@/components/ui/auto-refresh';
import { requirePageRole } from '@/lib/auth/session';
import { getEnv } from '@/lib/env';
import { formatTimestamp } from '@/lib/format';
import { settleSection } from '@/lib/monitoring/sections';
import { configuredThresholds } from '@/lib/monitoring/thresholds';
import { getFleetView } from '@/lib/targets/fleet';
import { FLEET_SORTS, sortFleetRows, toFleetRow } from '@/lib/targets/fleet-view';

export const metadata = { title: 'Fleet · Halcytone DB Console' };
export const dynamic = 'force-dynamic';

const sortSchema = z.enum(FLEET_SORTS).catch('name');
const directionSchema = z.enum(['asc', 'desc']).catch('asc');

export default async function FleetPage({ searchParams }: { searchParams: Promise<{ sort?: string; dir?: string }> }) {
  await requirePageRole('viewer');
  const params = await searchParams;
  const sort = sortSchema.parse(params.sort);
  const direction = directionSchema.parse(params.dir);
  const env = getEnv();
  const thresholds = configuredThresholds(env);
  const now = new Date();
  // The fleet has its own short cache (a third of an interval); each viewer's sort is applied afterwards.
  const view = await settleSection(() => getFleetView(now));
  const fleet = view.ok
    ? {
        ok: true as const,
        data: sortFleetRows(
          view.data.members.map((member) => toFleetRow(member, thresholds, now)),
          sort,
          direction,
        ),
      }
    : view;
  const basis = view.ok ? view.data.basis : 'store';
  return (
    <>
      <h1>Fleet</h1>
      <AutoRefresh seconds={Math.max(5, env.SAMPLE_INTERVAL_SECONDS)} />
      {view.ok && basis !== 'store' && (
        <p className="notice" data-testid="fleet-basis">
          {basis === 'sampler'
            ? "The console database cannot be read: these rows come from this console's own sampler, and are written to the database when it is back."
            : `The console database cannot be read: the rows as of ${formatTimestamp(view.data.asOf)}; nothing is known of the targets since.`}
        </p>
      )}
      <ReportSection
        id="fleet"
        title="Every watched server"
        description={`From the sampler's newest round (every ${env.SAMPLE_INTERVAL_SECONDS} s): a server that does not answer is down from the next round and back by itself when it answers again. Red rows first; choose a heading to sort.`}
        section={fleet}
        isEmpty={(rows) => rows.length === 0}
      >
        {(rows) => <FleetTable rows={rows} sort={sort} direction={direction} />}
      </ReportSection>
    </>
  );
}
