'use client';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { setUserDisabled } from '@/lib/actions/users/set-user-disabled';
import { updateUserRole } from '@/lib/actions/users/update-user-role';
import { ROLES, type Role } from '@/lib/auth/roles';

interface Props {
  user: { id: number; email: string; role: Role; disabled: boolean };
  isSelf: boolean;
}

export function UserControls({ user, isSelf }: Props) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<string | null>(null);

  const run = (action: () => Promise<{ ok: boolean; message?: string }>) =>
    startTransition(async () => {
      const result = await action();
      setMessage(result.ok ? null : (result.message ?? 'Failed.'));
      router.refresh();
    });

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
          onClick={() => {
            if (
              !user.disabled &&
              !window.confirm(`Disable ${user.email}? They will be signed out at their next request.`)
            )
              return;
            run(() => setUserDisabled({ userId: user.id, disabled: !user.disabled }));
          }}
        >
          {user.disabled ? 'Enable' : 'Disable'}
        </button>
      )}
      {message && (
        <span role="alert" className="field-error">
          {message}
        </span>
      )}
    </div>
  );
}
