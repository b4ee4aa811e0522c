import Link from 'next/link';
import type { ReactNode } from 'react';
import { CommandPalette } from '@/components/shell/command-palette';
import { NavLinks } from '@/components/shell/nav-links';
import { SignOutButton } from '@/components/shell/sign-out-button';
import { StoreOutageBanner } from '@/components/shell/store-outage-banner';
import { ThemeToggle } from '@/components/shell/theme-toggle';
import { TargetPicker } from '@/components/targets/target-picker';
import { requirePageRole } from '@/lib/auth/session';
import { targetLabel } from '@/lib/auth/target-roles';
import { describeServer } from '@/lib/config/connection-string';
import { jumpTargetsFor, navigationFor } from '@/lib/navigation';
import { probeStore } from '@/lib/store/probe';
import { listTargets } from '@/lib/targets/registry';
import { getSelectedTarget } from '@/lib/targets/selection';

// A convenience for the shell (who is signed in, which areas to list and jump to); each page still checks its own
// role. The palette gets its pages and targets here as props, so it needs no endpoint of its own.
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await requirePageRole('viewer');
  // The shell must render while the primary or the console database is down (that is when it is needed most).
  const [targets, selected] = await Promise.all([listTargets(), getSelectedTarget()]).catch(() => [[], null] as const);
  const outage = await probeStore();
  const targetOptions = targets.map(({ name, connection }) => ({ name, title: describeServer(connection) }));
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <nav className="shell-nav" aria-label="Main">
        <Link className="brand" href="/">
          Halcytone DB Console
        </Link>
        <CommandPalette
          groups={jumpTargetsFor(user.role)}
          targets={targetOptions}
          selectedTarget={selected?.name ?? null}
        />
        {selected && targets.length > 1 && (
          <TargetPicker
            // A target where the user's role is narrowed says so: "primary · viewer" (lib/auth/target-roles.ts).
            targets={targetOptions.map((target) => ({ ...target, label: targetLabel(user, target.name) }))}
            selected={selected.name}
          />
        )}
        <NavLinks groups={navigationFor(user.role)} />
        <div className="shell-user">
          <span>
            {user.email} · {user.role}
          </span>
          <ThemeToggle />
          <SignOutButton />
        </div>
      </nav>
      <main id="main" className="shell-main">
        <StoreOutageBanner
          initial={{ storeOutage: outage && { since: outage.since.toISOString(), error: outage.error } }}
        />
        {children}
      </main>
    </div>
  );
}
