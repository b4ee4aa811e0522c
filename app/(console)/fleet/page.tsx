import { FleetFilters, FleetPager } from '@/components/fleet/fleet-filters';
import { FleetTable } from '@/components/fleet/fleet-table';
import { SamplerHealthPanel } from '@/components/fleet/sampler-health-panel';
import { ReportSection } from '@/components/reports/report-section';
import { AutoRefresh } from '@/components/ui/auto-refresh';
import { requirePageRole } from '@/lib/auth/session';
import { getEnv } from '@/lib/env';
import { formatTimestamp } from '@/lib/format';
import { settleSection } from '@/lib/monitoring/sections';
import { configuredThresholds } from '@/lib/monitoring/thresholds';
import { loadSamplerHealth } from '@/lib/sampler/process-health';
import { getStoreOutage } from '@/lib/store/outage';
import { loadFleetPage } from '@/lib/targets/fleet-page';
import { parseFleetQuery } from '@/lib/targets/fleet-query';
import { FLEET_PAGE_SIZE } from '@/lib/targets/fleet-view';

export const metadata = { title: 'Fleet · Halcytone DB Console' };
export const dynamic = 'force-dynamic';

export default async function FleetPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePageRole('viewer');
  const { query, problems } = parseFleetQuery(await searchParams);
  const env = getEnv();
  const now = new Date();
  // The fleet has its own short cache (a third of an interval) and its rows are computed once per read; each
  // viewer's filters, sort and page are applied afterwards, in memory.
  const [fleet, health] = await Promise.all([
    settleSection(() => loadFleetPage(query, configuredThresholds(env), now)),
    settleSection(() => loadSamplerHealth(now)),
  ]);
  const basis = fleet.ok ? fleet.data.basis : 'store';
  return (
    <>
      <h1>Fleet</h1>
      <AutoRefresh seconds={Math.max(5, env.SAMPLE_INTERVAL_SECONDS)} />
      {fleet.ok && basis !== 'store' && (
        <p className="notice" data-testid="fleet-basis">
          {basis === 'sampler'
            ? "The console database cannot be read: these rows come from this console's own sampler, and are written to the database when it is back."
            : `The console database cannot be read: the rows as of ${formatTimestamp(fleet.data.asOf)}; nothing is known of the targets since.`}
        </p>
      )}
      {(problems.length > 0 || (fleet.ok && fleet.data.pastLastPage)) && (
        <div className="notice error" role="alert" data-testid="fleet-query-problems">
          {problems.map((problem) => (
            <p key={problem}>{problem}</p>
          ))}
          {fleet.ok && fleet.data.pastLastPage && (
            <p>
              There is no page {query.page}: showing page {fleet.data.page}, the last.
            </p>
          )}
        </div>
      )}
      <ReportSection
        id="fleet"
        title="Every watched server"
        description={`From the sampler's newest round (every ${env.SAMPLE_INTERVAL_SECONDS} s): a server is down only after failed attempts to reach it, and back by itself when it answers again; one the console could not sample in time is "not sampled", never down. Red rows first; choose a heading to sort.`}
        section={fleet}
      >
        {(page) => (
          <>
            <FleetFilters query={query} counts={page.counts} tags={page.tags} />
            {page.rows.length === 0 ? (
              <p className="stat-detail">
                {page.total === 0 ? 'No target is configured.' : 'No target matches these filters.'}
              </p>
            ) : (
              <>
                <FleetTable rows={page.rows} query={{ ...query, page: page.page }} />
                <FleetPager
                  query={query}
                  page={page.page}
                  pageCount={page.pageCount}
                  matching={page.matching}
                  pageSize={FLEET_PAGE_SIZE}
                />
              </>
            )}
          </>
        )}
      </ReportSection>
      <SamplerHealthPanel
        section={health}
        outage={health.ok ? null : getStoreOutage()}
        intervalSeconds={env.SAMPLE_INTERVAL_SECONDS}
        now={now}
      />
    </>
  );
}
