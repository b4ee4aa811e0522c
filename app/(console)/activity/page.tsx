import { ActivityPanel } from '@/components/activity/activity-panel';
import { mayChange, requirePageRole } from '@/lib/auth/session';
import { hasRole } from '@/lib/auth/roles';
import { getEnv } from '@/lib/env';
import { getSelectedTarget } from '@/lib/targets/selection';
import { z } from 'zod';

export const metadata = { title: 'Activity · Halcytone DB Console' };
export const dynamic = 'force-dynamic';

const thresholdParam = z.coerce.number().int().min(1).max(86_400);

export default async function ActivityPage({ searchParams }: { searchParams: Promise<{ threshold?: string }> }) {
  const user = await requirePageRole('viewer');
  const env = getEnv();
  const raw = (await searchParams).threshold;
  const parsed = raw === undefined ? null : thresholdParam.safeParse(raw);
  const threshold = parsed?.success ? parsed.data : env.LONG_RUNNING_SECONDS;
  const canSignal = mayChange(user, 'operator') && env.ALLOW_BACKEND_SIGNALS;
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
        {hasRole(user.role, 'operator') && !env.ALLOW_BACKEND_SIGNALS && (
          <span>Cancel and terminate are turned off for this deployment.</span>
        )}
      </form>
      <ActivityPanel target={(await getSelectedTarget()).name} thresholdSeconds={threshold} canSignal={canSignal} />
    </>
  );
}
