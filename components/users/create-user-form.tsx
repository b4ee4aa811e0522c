'use client';
import { useActionState } from 'react';
import { createUser } from '@/lib/actions/users/create-user';
import { ROLES } from '@/lib/auth/roles';

export function CreateUserForm() {
  const [state, formAction, pending] = useActionState(createUser, null);
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  const fieldError = (name: string) =>
    errors[name] ? (
      <span id={`${name}-error`} className="field-error">
        {errors[name].join(' ')}
      </span>
    ) : null;
  return (
    <form action={formAction} className="form" noValidate>
      <label>
        E-mail
        <input name="email" type="email" required aria-invalid={!!errors.email} aria-describedby={errors.email ? 'email-error' : undefined} />
        {fieldError('email')}
      </label>
      <label>
        Name
        <input name="name" required aria-invalid={!!errors.name} aria-describedby={errors.name ? 'name-error' : undefined} />
        {fieldError('name')}
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
        {fieldError('role')}
      </label>
      <label>
        Initial password
        <input name="password" type="password" autoComplete="new-password" minLength={12} required aria-invalid={!!errors.password} aria-describedby={errors.password ? 'password-error' : undefined} />
        {fieldError('password')}
      </label>
      <button className="primary" type="submit" disabled={pending}>
        {pending ? 'Adding…' : 'Add user'}
      </button>
      <div role="status" style={{ gridColumn: '1 / -1' }}>
        {state?.ok && <p className="notice ok">Added {state.data.email} as {state.data.role}.</p>}
        {state && !state.ok && <p className="notice error">{state.message}</p>}
      </div>
    </form>
  );
}
