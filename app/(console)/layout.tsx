import Link from 'next/link';
import type { ReactNode } from 'react';
import { NavLinks } from '@/components/shell/nav-links';
import { SignOutButton } from '@/components/shell/sign-out-button';
import { ThemeToggle } from '@/components/shell/theme-toggle';
import { requirePageRole } from '@/lib/auth/session';
import { navigationFor } from '@/lib/navigation';

// A convenience for the shell (who is signed in, which areas to list); each page still checks its own role.
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await requirePageRole('viewer');
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <nav className="shell-nav" aria-label="Main">
        <Link className="brand" href="/">
          Halcytone DB Console
        </Link>
        <NavLinks items={navigationFor(user.role)} />
        <div className="shell-user">
          <span>
            {user.email} · {user.role}
          </span>
          <ThemeToggle />
          <SignOutButton />
        </div>
      </nav>
      <main id="main" className="shell-main">
        {children}
      </main>
    </div>
  );
}
