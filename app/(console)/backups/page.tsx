import { BackupsPanel } from '@/components/backups/backups-panel';
import { mayChange, requirePageRole } from '@/lib/auth/session';
import { getDatabaseConnection } from '@/lib/env';
import { PrimaryOnlyNote } from '@/components/targets/primary-only-note';

export const metadata = { title: 'Backups · Halcytone DB Console' };
export const dynamic = 'force-dynamic';

/** The guide's "Backup & Recovery" section as a page: take, schedule, keep, verify and restore backups. */
export default async function BackupsPage() {
  const user = await requirePageRole('viewer');
  return (
    <>
      <h1>Backups</h1>
      <PrimaryOnlyNote what="Backups and restores are of" />
      <BackupsPanel
        canOperate={mayChange(user, 'operator')}
        isAdmin={mayChange(user, 'admin')}
        liveDatabase={getDatabaseConnection().database}
      />
    </>
  );
}
