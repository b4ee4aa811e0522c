/**
 * The target a viewer picked in the shell (a cookie), for the monitoring reports. Only reports opt in: pages
 * through `onSelectedTarget`; server actions through `onNamedTarget` with the target the page rendered, so an
 * action never reaches another server than the one on screen (a picker changed in another tab changes the
 * cookie, not that page). The checklist, backups, writes and the console's own data always use the primary.
 */
import 'server-only';
import { cookies } from 'next/headers';
import { z } from 'zod';
import { AppError } from '../errors';
import { withTarget } from '../pg/client';
import { getTargetOrThrow, listTargets, type Target } from './registry';
import { PRIMARY_TARGET, TARGET_NAME_PATTERN } from './target-list';

export const TARGET_COOKIE = 'halcytone-target';

/** The picked target, or the primary when none is picked or the picked one is no longer configured. */
export async function getSelectedTarget(): Promise<Target> {
  const picked = (await cookies()).get(TARGET_COOKIE)?.value ?? PRIMARY_TARGET;
  const targets = await listTargets();
  return targets.find((target) => target.name === picked) ?? targets[0];
}

const targetNameSchema = z.string().regex(TARGET_NAME_PATTERN);

/** The target an action was called for; an unknown or malformed name is refused. */
export async function getNamedTargetOrThrow(name: unknown): Promise<Target> {
  const parsed = targetNameSchema.safeParse(name);
  if (!parsed.success) throw new AppError('invalid_input', 'Choose a target from the picker.');
  return getTargetOrThrow(parsed.data);
}

/** Runs an action's work on the target its page showed. */
export async function onNamedTarget<T>(name: unknown, work: (target: Target) => Promise<T>): Promise<T> {
  const target = await getNamedTargetOrThrow(name);
  return withTarget(target, () => work(target));
}

/** Runs a report against the picked target. */
export async function onSelectedTarget<T>(work: (target: Target) => Promise<T>): Promise<T> {
  const target = await getSelectedTarget();
  return withTarget(target, () => work(target));
}
