import type { Role } from '@/lib/auth/roles';

/**
 * Says why controls a user's role would offer are missing: their role is narrowed on the target the page acts on
 * (lib/auth/target-roles.ts). Nothing when it is not.
 */
export function NarrowedRoleNote({ target, there, role }: { target: string; there: Role; role: Role }) {
  if (there === role) return null;
  return (
    <p className="stat-detail" data-testid="narrowed-role">
      You are {there} on {target} (narrowed from {role}): only what a {there} may do is offered here.
    </p>
  );
}
