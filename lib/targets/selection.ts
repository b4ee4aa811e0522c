/**
 * The target a viewer picked in the shell (a cookie), for the monitoring reports. Only reports opt in: pages
 * through `onSelectedTarget`; server actions through `onNamedTarget` with the target the page rendered, so an
 * action never reaches another server than the one on screen (a picker changed in another tab changes the
 * cookie, not that page). The checklist, backups, writes and the console's own data always use the primary.
 *
 * An action names its target here with what requireRole granted, and the role on that target is checked here, once
 * for every action (lib/auth/target-roles.ts): a user narrowed to viewer on a target is refused an operator action
 * there however the call was made. Pages read through onSelectedTarget without a grant: narrowing never goes below
 * viewer, so every user may read every target.
 */
import 'server-only';
import { cookies } from 'next/headers';
import { z } from 'zod';
import type { Grant } from '../auth/session';
import { requireRoleOn } from '../auth/target-roles';
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

/**
 * The target an action was called for; an unknown or malformed name is refused, and so is a target where the user's
 * role is below the one the action was granted for.
 */
export async function getNamedTargetOrThrow(grant: Grant, name: unknown): Promise<Target> {
  const parsed = targetNameSchema.safeParse(name);
  if (!parsed.success) throw new AppError('invalid_input', 'Choose a target from the picker.');
  const target = await getTargetOrThrow(parsed.data);
  requireRoleOn(grant, target.name);
  return target;
}

/** Runs an action's work on the target its page showed, when the user's role there allows it. */
export async function onNamedTarget<T>(grant: Grant, name: unknown, work: (target: Target) => Promise<T>): Promise<T> {
  const target = await getNamedTargetOrThrow(grant, name);
  return withTarget(target, () => work(target));
}

/** Runs a report against the picked target. */
export async function onSelectedTarget<T>(work: (target: Target) => Promise<T>): Promise<T> {
  const target = await getSelectedTarget();
  return withTarget(target, () => work(target));
}
