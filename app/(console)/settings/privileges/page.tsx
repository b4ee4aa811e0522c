import { ChecklistReport } from '@/components/checklist/checklist-report';
import { loadItemReport } from '@/lib/checklist/load-item-report';
import { getEnv } from '@/lib/env';
import { requirePageRole } from '@/lib/auth/session';

export const metadata = { title: 'Application role privileges · Halcytone DB Console' };
export const dynamic = 'force-dynamic';

/** Application role privileges: checklist item app-privileges's evidence as last checked. */
export default async function PrivilegesReportPage() {
  await requirePageRole('viewer');
  return (
    <ChecklistReport {...await loadItemReport('app-privileges')} heading="Application role privileges">
      <p className="stat-detail">
        The application role is <code>{getEnv().APP_DB_ROLE}</code> (APP_DB_ROLE). The guide creates it with CONNECTION
        LIMIT 50 and grants on the database, schema public and its tables.
      </p>
    </ChecklistReport>
  );
}
