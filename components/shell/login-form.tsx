'use client';
import { signIn } from 'next-auth/react';
import { useRouter, useSearchParams } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { safeCallbackPath } from '@/lib/auth/callback-path';

export function LoginForm() {
  const router = useRouter();
  const searchParams = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setError(null);
    const form = new FormData(event.currentTarget);
    const result = await signIn('credentials', {
      email: form.get('email'),
      password: form.get('password'),
      redirect: false,
    });
    setPending(false);
    if (result?.ok && !result.error) {
      router.replace(safeCallbackPath(searchParams.get('callbackUrl'), window.location.origin));
      router.refresh();
      return;
    }
    setError(result?.error && result.error !== 'CredentialsSignin' ? result.error : 'Wrong e-mail or password.');
  }

  return (
    <form onSubmit={onSubmit} aria-describedby={error ? 'login-error' : undefined}>
      <label>
        E-mail
        <input name="email" type="email" autoComplete="username" required />
      </label>
      <label>
        Password
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      {error && (
        <p id="login-error" role="alert" className="field-error">
          {error}
        </p>
      )}
      <button className="primary" type="submit" disabled={pending}>
        {pending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
