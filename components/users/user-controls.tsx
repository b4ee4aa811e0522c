'use client';
import { setUserDisabled } from '@/lib/actions/users/set-user-disabled';
import { updateUserRole } from '@/lib/actions/users/update-user-role';
import { ROLES, type Role } from '@/lib/auth/roles';
import { useConfirmedAction } from '@/lib/client/use-confirmed-action';
import { ActionError } from '../ui/action-error';

interface Props {
  user: { id: number; email: string; role: Role; disabled: boolean };
  isSelf: boolean;
}

export function UserControls({ user, isSelf }: Props) {
  const { pending, error, run } = useConfirmedAction();
  return (
    <div className="toolbar" style={{ margin: 0 }}>
      <label>
        <span className="stat-detail">Role of {user.email}</span>
        <select
          value={user.role}
          disabled={pending}
          onChange={(event) => run(() => updateUserRole({ userId: user.id, role: event.target.value }))}
        >
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {role}
            </option>
          ))}
        </select>
      </label>
      {!isSelf && (
        <button
          type="button"
          disabled={pending}
          onClick={() =>
            // Enabling needs no confirmation; disabling signs the user out.
            run(() => setUserDisabled({ userId: user.id, disabled: !user.disabled }), {
              confirm: user.disabled
                ? undefined
                : `Disable ${user.email}? They will be signed out at their next request.`,
            })
          }
        >
          {user.disabled ? 'Enable' : 'Disable'}
        </button>
      )}
      <ActionError message={error} />
    </div>
  );
}
