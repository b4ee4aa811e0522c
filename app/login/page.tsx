import { redirect } from 'next/navigation';
import { Suspense } from 'react';
import { LoginForm } from '@/components/shell/login-form';
import { getCurrentUser } from '@/lib/auth/session';

export const metadata = { title: 'Sign in · Halcytone DB Console' };

export default async function LoginPage() {
  if (await getCurrentUser()) redirect('/');
  return (
    <main className="login">
      <div className="card">
        <h1>Halcytone DB Console</h1>
        <Suspense>
          <LoginForm />
        </Suspense>
      </div>
    </main>
  );
}
