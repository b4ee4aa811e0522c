import { ChecklistItemCard } from '@/components/checklist/checklist-item';
import { SectionFailure } from '@/components/reports/section-failure';
import { RecheckAllButton, SignoffControls } from '@/components/checklist/signoff-controls';
import { requirePageRole } from '@/lib/auth/session';
import { mayChangeOn, roleOn } from '@/lib/auth/target-roles';
import { loadChecklist } from '@/lib/checklist/load-checklist';
import { getEnv } from '@/lib/env';
import { settleSection } from '@/lib/monitoring/sections';
import { NarrowedRoleNote } from '@/components/targets/narrowed-role-note';
import { PrimaryOnlyNote } from '@/components/targets/primary-only-note';
import { PRIMARY_TARGET } from '@/lib/targets/target-list';

export const metadata = { title: 'Production checklist · Halcytone DB Console' };
export const dynamic = 'force-dynamic';

/** The guide's production checklist: evidence for each item, sign-off with history, exports. */
export default async function ChecklistPage() {
  const user = await requirePageRole('viewer');
  const canSign = mayChangeOn(user, PRIMARY_TARGET, 'operator');
  const canRevoke = mayChangeOn(user, PRIMARY_TARGET, 'admin');
  const loaded = await settleSection(loadChecklist);
  if (!loaded.ok) {
    return (
      <>
        <h1>Production checklist</h1>
        <SectionFailure failure={loaded} />
      </>
    );
  }
  const view = loaded.data;
  return (
    <>
      <h1>Production checklist</h1>
      <PrimaryOnlyNote what="Checked on" />
      <NarrowedRoleNote target={PRIMARY_TARGET} there={roleOn(user, PRIMARY_TARGET)} role={user.role} />
      <p data-testid="checklist-summary">
        {view.signed} of {view.items.length} items signed off
        {view.stale > 0 && <strong className="status-bad">, {view.stale} stale</strong>}. Evidence: {view.counts.pass}{' '}
        pass, {view.counts.warn} warning, {view.counts.fail} fail, {view.counts.manual} need attestation,{' '}
        {view.counts.not_applicable} not applicable. Re-checked every {getEnv().CHECKLIST_INTERVAL_MINUTES} minutes.
      </p>
      <div className="toolbar">
        {canSign && <RecheckAllButton />}
        <a className="button" href="/api/checklist/markdown">
          Export Markdown
        </a>
        <a className="button" href="/checklist/print">
          Printable page
        </a>
      </div>
      {view.items.map((item) => (
        <ChecklistItemCard
          key={item.id}
          item={item}
          controls={
            canSign ? (
              <SignoffControls
                itemId={item.id}
                number={item.number}
                mayBeNotNeeded={item.mayBeNotNeeded}
                canRevoke={canRevoke}
                signedState={item.signoff.state}
              />
            ) : undefined
          }
        />
      ))}
    </>
  );
}
