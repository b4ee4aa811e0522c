import { redirect } from 'next/navigation';
import { Suspense } from 'react';
import { LoginForm } from '@/components/shell/login-form';
import { signInButtons } from '@/lib/auth/providers';
import { getCurrentUser } from '@/lib/auth/session';
import { getEnv } from '@/lib/env';
import { describeStoreOutage } from '@/lib/store/describe-outage';
import { probeStore } from '@/lib/store/probe';

export const metadata = { title: 'Sign in · Halcytone DB Console' };
export const dynamic = 'force-dynamic';

export default async function LoginPage() {
  if (await getCurrentUser()) redirect('/');
  // Accounts live in the console database: while it is down nobody can sign in, and the page says so up front.
  const outage = await probeStore();
  const env = getEnv();
  return (
    <main className="login">
      <div className="card">
        <h1>Halcytone DB Console</h1>
        {outage && (
          <p className="notice error" role="alert" data-testid="login-outage">
            {describeStoreOutage(outage)}: signing in is not possible until it answers. People already signed in keep
            working.
          </p>
        )}
        <Suspense>
          <LoginForm providers={signInButtons(env)} passwordSignIn={env.PASSWORD_SIGNIN} />
        </Suspense>
      </div>
    </main>
  );
}
