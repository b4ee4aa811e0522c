import { BackupsPanel } from '@/components/backups/backups-panel';
import { requirePageRole } from '@/lib/auth/session';
import { mayChangeOn, roleOn } from '@/lib/auth/target-roles';
import { getDatabaseConnection } from '@/lib/env';
import { NarrowedRoleNote } from '@/components/targets/narrowed-role-note';
import { PrimaryOnlyNote } from '@/components/targets/primary-only-note';
import { PRIMARY_TARGET } from '@/lib/targets/target-list';

export const metadata = { title: 'Backups · Halcytone DB Console' };
export const dynamic = 'force-dynamic';

/** The guide's "Backup & Recovery" section as a page: take, schedule, keep, verify and restore backups. */
export default async function BackupsPage() {
  const user = await requirePageRole('viewer');
  return (
    <>
      <h1>Backups</h1>
      <PrimaryOnlyNote what="Backups and restores are of" />
      <NarrowedRoleNote target={PRIMARY_TARGET} there={roleOn(user, PRIMARY_TARGET)} role={user.role} />
      <BackupsPanel
        canOperate={mayChangeOn(user, PRIMARY_TARGET, 'operator')}
        isAdmin={mayChangeOn(user, PRIMARY_TARGET, 'admin')}
        liveDatabase={getDatabaseConnection().database}
      />
    </>
  );
}
