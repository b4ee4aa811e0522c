import { notFound } from 'next/navigation';
import { RangePicker } from '@/components/insights/range-picker';
import { RollupStatusBanner } from '@/components/insights/rollup-status';
import { TableInsights } from '@/components/insights/table-insights';
import { TableTabs } from '@/components/tables/table-tabs';
import { requirePageRole } from '@/lib/auth/session';
import { mayChangeOn } from '@/lib/auth/target-roles';
import { getEnv } from '@/lib/env';
import { loadTableInsights } from '@/lib/tables/insights/load-table-insights';
import { isTableName, TABLES } from '@/lib/tables/registry';
import { resolveTableReadRoute } from '@/lib/tables/read-route';
import type { SearchParams } from '@/lib/tables/view-state';
import { PRIMARY_TARGET } from '@/lib/targets/target-list';

export const dynamic = 'force-dynamic';

export async function generateMetadata({ params }: { params: Promise<{ table: string }> }) {
  return { title: `${(await params).table.slice(0, 60)} insights · Halcytone DB Console` };
}

export default async function TableInsightsPage({
  params,
  searchParams,
}: {
  params: Promise<{ table: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const user = await requirePageRole('viewer');
  const name = (await params).table;
  if (!isTableName(name)) notFound();
  const table = TABLES[name];
  const search = await searchParams;
  const [route, page] = await Promise.all([resolveTableReadRoute(), loadTableInsights(name, search)]);
  // Writes go to the primary, wherever the reads come from (TABLE_READS_FROM).
  const canWrite = mayChangeOn(user, PRIMARY_TARGET, 'operator');
  return (
    <>
      <h1>{table.name}</h1>
      <p className="stat-detail">{table.description}</p>
      <p className="stat-detail" data-testid="read-route">
        {route.description}
      </p>
      <TableTabs table={table.name} current="insights" />
      <RollupStatusBanner
        status={page.rollups}
        intervalSeconds={getEnv().INSIGHTS_INTERVAL_SECONDS}
        canWrite={canWrite}
      />
      {page.rollups !== null && (
        <RangePicker
          path={`/tables/${table.name}/insights`}
          range={page.range}
          error={page.rangeError}
          searchParams={search}
        />
      )}
      <TableInsights insights={page.insights} range={page.range} canWrite={canWrite} />
    </>
  );
}
