/**
 * The target a viewer picked in the shell (a cookie), for the monitoring reports. Only reports opt in, through
 * `onSelectedTarget`; the checklist, backups, writes and the console's own data always use the primary.
 */
import 'server-only';
import { cookies } from 'next/headers';
import { withTarget } from '../pg/client';
import { listTargets, type Target } from './registry';
import { PRIMARY_TARGET } from './target-list';

export const TARGET_COOKIE = 'halcytone-target';

/** The picked target, or the primary when none is picked or the picked one is no longer configured. */
export async function getSelectedTarget(): Promise<Target> {
  const picked = (await cookies()).get(TARGET_COOKIE)?.value ?? PRIMARY_TARGET;
  const targets = await listTargets();
  return targets.find((target) => target.name === picked) ?? targets[0];
}

/** Runs a report against the picked target. */
export async function onSelectedTarget<T>(work: (target: Target) => Promise<T>): Promise<T> {
  const target = await getSelectedTarget();
  return withTarget(target, () => work(target));
}
