import { AlertHistory } from '@/components/alerts/alert-history';
import { FleetSummary } from '@/components/fleet/fleet-summary';
import { BreakGlassNotice } from '@/components/overview/break-glass-notice';
import { OverviewPanel } from '@/components/overview/overview-panel';
import { RegressionsSection } from '@/components/queries/regressions-list';
import { ReportSection } from '@/components/reports/report-section';
import { AutoRefresh } from '@/components/ui/auto-refresh';
import { getAlertHistory } from '@/lib/alerts/history';
import { readBreakGlassSignIns } from '@/lib/audit/find-break-glass-sign-ins';
import { requirePageRole } from '@/lib/auth/session';
import { getEnv } from '@/lib/env';
import { formatTimestamp } from '@/lib/format';
import { settleSection } from '@/lib/monitoring/sections';
import { listFleetMembers } from '@/lib/targets/fleet';
import { getSelectedTarget } from '@/lib/targets/selection';
import { listRegressions } from '@/lib/workload/statements/regressions';

export const metadata = { title: 'Overview · Halcytone DB Console' };
export const dynamic = 'force-dynamic';

export default async function OverviewPage() {
  await requirePageRole('viewer');
  const env = getEnv();
  const [alerts, target, fleet, regressions, breakGlass] = await Promise.all([
    // Its own short cache, and the last known history while the console database is down.
    settleSection(() => getAlertHistory(50)),
    getSelectedTarget().then((selected) => selected.name),
    // The primary being down is the glance's own headline; this line is about the others.
    listFleetMembers().catch(() => []),
    getSelectedTarget().then((selected) => settleSection(() => listRegressions(selected.name))),
    // The last list read while the console database is down; nothing if none was read (the outage banner says why).
    settleSection(() => readBreakGlassSignIns()),
  ]);
  return (
    <>
      <h1>Overview</h1>
      {breakGlass.ok && (
        <BreakGlassNotice
          signIns={breakGlass.data.value.map((signIn) => ({ ...signIn, at: formatTimestamp(signIn.at) }))}
          asOf={breakGlass.data.stale ? formatTimestamp(breakGlass.data.at) : null}
        />
      )}
      <FleetSummary members={fleet} />
      <OverviewPanel target={target} />
      <AutoRefresh seconds={Math.max(5, env.SAMPLE_INTERVAL_SECONDS)} />
      <RegressionsSection title="What changed in the workload" section={regressions} />
      <ReportSection
        id="alerts"
        title="Alerts"
        description={`The guide's alert rules evaluated on every target by the sampler: pending while a condition has held for less than its "for" duration (as in prometheus/database.rules.yml). ${env.ALERT_WEBHOOK_URL ? 'Firing and resolved alerts are POSTed to the configured webhook.' : 'No webhook is configured (ALERT_WEBHOOK_URL).'}`}
        section={alerts}
        isEmpty={(history) => history.episodes.length === 0}
        empty="No alert is pending, firing or resolved."
      >
        {(history) => (
          <>
            {!history.current && (
              <p className="notice" data-testid="alerts-basis">
                The console database cannot be read:{' '}
                {history.storedAsOf
                  ? `the history as of ${formatTimestamp(history.storedAsOf)}`
                  : 'no history was read before it stopped answering'}
                , with what this console&apos;s sampler has seen since (written to the database when it is back).
              </p>
            )}
            <AlertHistory episodes={history.episodes} />
          </>
        )}
      </ReportSection>
    </>
  );
}
