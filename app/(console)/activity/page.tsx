import { ActiveSessionsHistory } from '@/components/activity/active-sessions-history';
import { ActivityPanel } from '@/components/activity/activity-panel';
import { LockWaitHistory } from '@/components/activity/lock-wait-history';
import { WindowPicker } from '@/components/queries/window-picker';
import { NarrowedRoleNote } from '@/components/targets/narrowed-role-note';
import { requirePageRole } from '@/lib/auth/session';
import { mayChangeOn, roleOn } from '@/lib/auth/target-roles';
import { hasRole } from '@/lib/auth/roles';
import { getEnv } from '@/lib/env';
import { getSelectedTarget } from '@/lib/targets/selection';
import { episodeCursorSchema } from '@/lib/workload/activity/lock-wait-history';
import {
  loadLockWaitEpisodes,
  loadWaitClassDrillDown,
  loadWaitClassSeries,
} from '@/lib/workload/activity/load-activity-history';
import { waitClassSchema } from '@/lib/workload/activity/wait-class-series';
import { loadChangeMarkers } from '@/lib/workload/changes/timeline';
import { parseWindow, windowParams } from '@/lib/workload/window';
import { z } from 'zod';

export const metadata = { title: 'Activity · Halcytone DB Console' };
export const dynamic = 'force-dynamic';

const thresholdParam = z.coerce.number().int().min(1).max(86_400);

interface ActivitySearchParams {
  threshold?: string;
  range?: string;
  from?: string;
  to?: string;
  wait?: string;
  episodes?: string;
}

export default async function ActivityPage({ searchParams }: { searchParams: Promise<ActivitySearchParams> }) {
  const user = await requirePageRole('viewer');
  const env = getEnv();
  const search = await searchParams;
  const raw = search.threshold;
  const parsed = raw === undefined ? null : thresholdParam.safeParse(raw);
  const threshold = parsed?.success ? parsed.data : env.LONG_RUNNING_SECONDS;
  const target = (await getSelectedTarget()).name;
  const canSignal = mayChangeOn(user, target, 'operator') && env.ALLOW_BACKEND_SIGNALS;
  // The workload history's view: its window (a preset or a dragged range), the wait class drilled into and the
  // lock-wait page, all in the URL.
  const { window, problem } = parseWindow(search);
  const wait = waitClassSchema.safeParse(search.wait);
  const cursor = episodeCursorSchema.safeParse(search.episodes);
  const [series, drillDown, episodes, markers] = await Promise.all([
    loadWaitClassSeries(target, window),
    wait.success ? loadWaitClassDrillDown(target, window, wait.data) : null,
    loadLockWaitEpisodes(target, window, cursor.success ? cursor.data : null),
    loadChangeMarkers(target, window),
  ]);
  // What a change of window or of wait class keeps: the threshold, when one was given.
  const keep: Record<string, string> = raw === undefined ? {} : { threshold: String(threshold) };
  return (
    <>
      <h1>Activity</h1>
      <form className="toolbar" method="get">
        <label>
          Long-running threshold (seconds)
          <input name="threshold" type="number" min={1} max={86400} defaultValue={threshold} />
        </label>
        <button type="submit">Apply</button>
        {parsed && !parsed.success && (
          <span role="alert" className="field-error">
            &ldquo;{raw}&rdquo; is not a whole number of seconds between 1 and 86400; showing {threshold} s.
          </span>
        )}
        {hasRole(roleOn(user, target), 'operator') && !env.ALLOW_BACKEND_SIGNALS && (
          <span>Cancel and terminate are turned off for this deployment.</span>
        )}
      </form>
      <NarrowedRoleNote target={target} there={roleOn(user, target)} role={user.role} />
      <ActivityPanel target={target} thresholdSeconds={threshold} canSignal={canSignal} />
      <h2>What the database waited on</h2>
      {problem && (
        <p role="alert" className="status-warn">
          {problem}
        </p>
      )}
      <WindowPicker path="/activity" window={window} keep={wait.success ? { ...keep, wait: wait.data } : keep} />
      <ActiveSessionsHistory
        series={series}
        drillDown={drillDown}
        path="/activity"
        window={window}
        keep={keep}
        sampleSeconds={env.ACTIVITY_SAMPLE_SECONDS}
        markers={markers}
      />
      <LockWaitHistory
        section={episodes}
        path="/activity"
        keep={{ ...keep, ...windowParams(window) }}
        isFirstPage={!cursor.success}
      />
    </>
  );
}
