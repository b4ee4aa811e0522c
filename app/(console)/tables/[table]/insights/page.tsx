import { notFound } from 'next/navigation';
import { TableInsights } from '@/components/insights/table-insights';
import { TableTabs } from '@/components/tables/table-tabs';
import { mayChange, requirePageRole } from '@/lib/auth/session';
import { loadTableInsights } from '@/lib/tables/insights/load-table-insights';
import { isTableName, TABLES } from '@/lib/tables/registry';
import { resolveTableReadRoute } from '@/lib/tables/read-route';

export const dynamic = 'force-dynamic';

export async function generateMetadata({ params }: { params: Promise<{ table: string }> }) {
  return { title: `${(await params).table.slice(0, 60)} insights · Halcytone DB Console` };
}

export default async function TableInsightsPage({ params }: { params: Promise<{ table: string }> }) {
  const user = await requirePageRole('viewer');
  const name = (await params).table;
  if (!isTableName(name)) notFound();
  const table = TABLES[name];
  const [route, insights] = await Promise.all([resolveTableReadRoute(), loadTableInsights(name)]);
  return (
    <>
      <h1>{table.name}</h1>
      <p className="stat-detail">{table.description}</p>
      <p className="stat-detail" data-testid="read-route">
        {route.description}
      </p>
      <TableTabs table={table.name} current="insights" />
      <TableInsights insights={insights} canWrite={mayChange(user, 'operator')} />
    </>
  );
}
