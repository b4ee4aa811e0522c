/**
 * Per-target roles (issue 17): a user's role can be narrowed on one target — by an admin on the Users page or by the
 * identity provider's claims (OIDC_TARGET_ROLES, lib/auth/claim-roles.ts). The role on a target is the lowest of the
 * user's role and every row for that target, whatever its source: a row only ever narrows, never widens.
 *
 * Narrowing never goes below viewer (the lowest role), so reading needs no check of its own; every action above
 * viewer checks the role on the target it touches: the page's target in lib/targets/selection.ts, the primary for
 * backups, the checklist and the application tables' writes (requireRoleOn in those actions). Pure.
 */
import { AppError } from '../errors';
import { hasRole, ROLES, type Role } from './roles';

/** What the checks read of a signed-in user (lib/auth/session.ts CurrentUser has it). */
export interface TargetRoleHolder {
  role: Role;
  /** Target name → the lowest role any row sets on it; a target not listed has the user's role. */
  targetRoles: Readonly<Record<string, Role>>;
  /** The console is read-only for everyone while the user comes from the last known state (session.ts). */
  fromLastKnownState?: true;
}

/** What requireRole granted: the user, and the role the action asked for — what each target must allow too. */
export interface TargetRoleGrant extends TargetRoleHolder {
  acting: Role;
}

export function lowerRole(a: Role, b: Role): Role {
  return ROLES.indexOf(a) <= ROLES.indexOf(b) ? a : b;
}

/** The user_target_role rows of one user (claims and admin alike) folded to the lowest role per target. */
export function foldTargetRoles(rows: readonly { targetName: string; role: Role }[]): Record<string, Role> {
  const folded: Record<string, Role> = {};
  for (const { targetName, role } of rows) {
    folded[targetName] = Object.hasOwn(folded, targetName) ? lowerRole(folded[targetName], role) : role;
  }
  return folded;
}

/** The user's role on `target`: the lowest of their role and what the rows for that target say. */
export function roleOn(user: TargetRoleHolder, target: string): Role {
  // hasOwn: a target may be called "constructor", which every object answers through its prototype.
  return Object.hasOwn(user.targetRoles, target) ? lowerRole(user.role, user.targetRoles[target]) : user.role;
}

/** Throws `forbidden`, naming the target and the role there, when the role on `target` is below what was granted. */
export function requireRoleOn(grant: TargetRoleGrant, target: string): void {
  const there = roleOn(grant, target);
  if (!hasRole(there, grant.acting)) {
    throw new AppError('forbidden', `On ${target} you are ${there}; this needs the ${grant.acting} role there.`);
  }
}

/**
 * For pages: whether to offer a control that needs `role` on `target` — as mayChange (session.ts) with the role on
 * that target, and never while the console is read-only. requireRoleOn enforces the same.
 */
export function mayChangeOn(user: TargetRoleHolder, target: string, role: Role): boolean {
  return hasRole(roleOn(user, target), role) && (role === 'viewer' || !user.fromLastKnownState);
}

/** The picker's label of a target: its name, and the role there when it is narrowed ("primary · viewer"). */
export function targetLabel(user: TargetRoleHolder, target: string): string {
  const there = roleOn(user, target);
  return there === user.role ? target : `${target} · ${there}`;
}
