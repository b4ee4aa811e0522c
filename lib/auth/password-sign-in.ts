/**
 * Who may sign in with a password. With PASSWORD_SIGNIN=false people sign in through the identity provider, and a
 * password is refused for everyone but the one named break-glass admin (ADMIN_EMAIL): kept for when the provider
 * itself is down. Each break-glass use is audited as `auth.sign-in.break-glass` and shown on the overview for a day
 * (lib/audit/find-break-glass-sign-ins.ts).
 */
import 'server-only';
import type { Env } from '../env';
import { normalizeEmail } from '../users/users';
import { signInButtons } from './providers';

export type PasswordSignIn =
  | { kind: 'password' }
  | { kind: 'break-glass' }
  | {
      kind: 'off';
      /** What the sign-in form says: where to sign in instead. */
      message: string;
    };

/** Whether `email` (normalised) may go on to its password check here, and whether that use is the break-glass one. */
export function passwordSignInFor(env: Env, email: string): PasswordSignIn {
  if (env.PASSWORD_SIGNIN) return { kind: 'password' };
  if (env.ADMIN_EMAIL !== undefined && email === normalizeEmail(env.ADMIN_EMAIL)) return { kind: 'break-glass' };
  return { kind: 'off', message: `Password sign-in is turned off here; sign in with ${providerNames(env)}.` };
}

/** A session's provider id (next-auth's, as console.user_session records it) by the name the login page gives it. */
export function providerName(provider: string, env: Env): string {
  if (provider === 'credentials') return 'password';
  // A provider configured no longer (its sessions last their 12 hours) is named by its id.
  return signInButtons(env).find((button) => button.id === provider)?.name ?? provider;
}

/** The identity providers offered, as the login page's buttons name them: "Okta", "Okta or GitHub", "Okta, GitHub or Google". */
function providerNames(env: Env): string {
  const names = signInButtons(env).map((button) => button.name);
  // lib/env.ts refuses PASSWORD_SIGNIN=false without a provider; said plainly should that ever change.
  if (names.length === 0) return 'your identity provider';
  return names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}
