'use client';
import { signIn } from 'next-auth/react';
import { useRouter, useSearchParams } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { safeCallbackPath } from '@/lib/auth/callback-path';
import type { SignInButton } from '@/lib/auth/providers';
import { signInErrorMessage } from '@/lib/auth/sign-in-errors';

/**
 * The identity providers this deployment offers (one button each) and the e-mail and password form. With
 * PASSWORD_SIGNIN=false the form stays, for the break-glass admin only, and the providers come first. A refused
 * provider sign-in comes back as `?error=<code>`, shown as the console's own text for that code.
 */
export function LoginForm({ providers, passwordSignIn }: { providers: SignInButton[]; passwordSignIn: boolean }) {
  const router = useRouter();
  const searchParams = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const shown = error ?? signInErrorMessage(searchParams.get('error'));
  const callbackPath = () => safeCallbackPath(searchParams.get('callbackUrl'), window.location.origin);

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
      router.replace(callbackPath());
      router.refresh();
      return;
    }
    setError(result?.error && result.error !== 'CredentialsSignin' ? result.error : 'Wrong e-mail or password.');
  }

  function withProvider(id: string) {
    setPending(true);
    setError(null);
    // A full-page redirect to the provider; next-auth keeps state and the PKCE verifier in signed cookies.
    void signIn(id, { callbackUrl: callbackPath() });
  }

  const providerButtons = providers.length > 0 && (
    <div className="login-providers">
      {providers.map((provider) => (
        <button
          key={provider.id}
          type="button"
          className={passwordSignIn ? undefined : 'primary'}
          disabled={pending}
          onClick={() => withProvider(provider.id)}
        >
          Sign in with {provider.name}
        </button>
      ))}
    </div>
  );
  const alert = shown && (
    <p id="login-error" role="alert" className="field-error">
      {shown}
    </p>
  );

  return (
    <>
      {!passwordSignIn && providerButtons}
      {!passwordSignIn && alert}
      {!passwordSignIn && (
        <p className="stat-detail login-break-glass">Password sign-in is for the break-glass administrator only.</p>
      )}
      <form onSubmit={onSubmit} aria-describedby={shown ? 'login-error' : undefined}>
        <label>
          E-mail
          <input name="email" type="email" autoComplete="username" required />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        {passwordSignIn && alert}
        <button className={passwordSignIn ? 'primary' : undefined} type="submit" disabled={pending}>
          {pending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      {passwordSignIn && providerButtons}
    </>
  );
}
