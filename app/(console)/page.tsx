import { OverviewPanel } from '@/components/overview/overview-panel';
import { requirePageRole } from '@/lib/auth/session';

export const metadata = { title: 'Overview · Halcytone DB Console' };

export default async function OverviewPage() {
  await requirePageRole('viewer');
  return (
    <>
      <h1>Overview</h1>
      <OverviewPanel />
    </>
  );
}
