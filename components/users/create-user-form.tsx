'use client';
import { useActionState } from 'react';
import { createUser } from '@/lib/actions/users/create-user';
import { ROLES } from '@/lib/auth/roles';
import { FieldError, fieldErrorsOf } from '../ui/field-error';

export function CreateUserForm() {
  const [state, formAction, pending] = useActionState(createUser, null);
  const errors = fieldErrorsOf(state, '');
  return (
    <form action={formAction} className="form" noValidate>
      <label>
        E-mail
        <input name="email" type="email" required {...errors.inputProps('email')} />
        <FieldError errors={errors} name="email" />
      </label>
      <label>
        Name
        <input name="name" required {...errors.inputProps('name')} />
        <FieldError errors={errors} name="name" />
      </label>
      <label>
        Role
        <select name="role" defaultValue="viewer">
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {role}
            </option>
          ))}
        </select>
        <FieldError errors={errors} name="role" />
      </label>
      <label>
        Initial password
        <input
          name="password"
          type="password"
          autoComplete="new-password"
          minLength={12}
          required
          {...errors.inputProps('password')}
        />
        <FieldError errors={errors} name="password" />
      </label>
      <button className="primary" type="submit" disabled={pending}>
        {pending ? 'Adding…' : 'Add user'}
      </button>
      <div role="status" style={{ gridColumn: '1 / -1' }}>
        {state?.ok && (
          <p className="notice ok">
            Added {state.data.email} as {state.data.role}.
          </p>
        )}
        {state && !state.ok && <p className="notice error">{state.message}</p>}
      </div>
    </form>
  );
}
