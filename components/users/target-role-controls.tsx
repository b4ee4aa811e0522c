'use client';
import { useState } from 'react';
import { setTargetRole } from '@/lib/actions/users/set-target-role';
import { isRole, ROLES, type Role } from '@/lib/auth/roles';
import { useConfirmedAction } from '@/lib/client/use-confirmed-action';
import type { TargetRoleRow } from '@/lib/users/target-roles';
import { ActionError } from '../ui/action-error';

interface Props {
  user: { id: number; email: string; role: Role };
  rows: TargetRoleRow[];
  /** The targets the console watches now, for the picker; a row may name one since removed. */
  targets: string[];
}

/**
 * One user's narrowed roles on targets: the identity provider's (read-only: its groups decide them at each sign-in)
 * and an admin's, each clearable, and a control to narrow the role on another target.
 */
export function TargetRoleControls({ user, rows, targets }: Props) {
  const { pending, error, run } = useConfirmedAction();
  // Only a role below the user's narrows anything (lib/users/target-roles.ts refuses the others).
  const lower = ROLES.slice(0, ROLES.indexOf(user.role));
  const [target, setTarget] = useState(targets[0] ?? '');
  const [picked, setPicked] = useState<Role>(lower[0] ?? 'viewer');
  // The user's role may have changed since the choice (the page refreshes after every write).
  const role = lower.includes(picked) ? picked : lower[0];
  return (
    <div>
      {rows.length > 0 && (
        <ul
          aria-label={`Narrowed roles of ${user.email}`}
          style={{ listStyle: 'none', margin: '0 0 0.4rem', padding: 0 }}
        >
          {rows.map((row) => (
            <li key={`${row.targetName}:${row.source}`}>
              {row.targetName} · {row.role}
              {!targets.includes(row.targetName) && <span className="stat-detail"> (not a current target)</span>}
              {row.source === 'claims' ? (
                <span className="stat-detail"> — from the identity provider</span>
              ) : (
                <>
                  {' '}
                  <button
                    type="button"
                    disabled={pending}
                    aria-label={`Clear the role of ${user.email} on ${row.targetName}`}
                    onClick={() => run(() => setTargetRole({ userId: user.id, target: row.targetName, role: null }))}
                  >
                    Clear
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {lower.length === 0 ? (
        <span className="stat-detail">A viewer has the lowest role everywhere.</span>
      ) : (
        <div className="toolbar" style={{ margin: 0 }}>
          <label>
            <span className="stat-detail">Target to narrow for {user.email}</span>
            <select value={target} disabled={pending} onChange={(event) => setTarget(event.target.value)}>
              {targets.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span className="stat-detail">Role there for {user.email}</span>
            <select
              value={role}
              disabled={pending}
              onChange={(event) => isRole(event.target.value) && setPicked(event.target.value)}
            >
              {lower.map((candidate) => (
                <option key={candidate} value={candidate}>
                  {candidate}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            disabled={pending || !target}
            onClick={() => run(() => setTargetRole({ userId: user.id, target, role }))}
          >
            Narrow
          </button>
        </div>
      )}
      <ActionError message={error} />
    </div>
  );
}
