import { ItemReport } from '@/components/checklist/item-report';
import { requirePageRole } from '@/lib/auth/session';
import { findChecklistItem } from '@/lib/checklist/items';
import { runCheck } from '@/lib/checklist/run-checks';
import { getEnv } from '@/lib/env';

export const metadata = { title: 'Application role privileges · Halcytone DB Console' };
export const dynamic = 'force-dynamic';

/** Application role privileges: checklist item evidence, checked live when the page opens. */
export default async function PrivilegesReportPage() {
  await requirePageRole('viewer');
  const item = findChecklistItem('app-privileges')!;
  const evidence = await runCheck(item);
  const role = getEnv().APP_DB_ROLE;
  return (
    <>
      <h1>Application role privileges</h1>
      <ItemReport number={item.number} title={item.title} evidence={evidence}>
        <p className="stat-detail">The application role is <code>{role}</code> (APP_DB_ROLE). The guide creates it with CONNECTION LIMIT 50 and grants on the database, schema public and its tables.</p>
      </ItemReport>
    </>
  );
}
