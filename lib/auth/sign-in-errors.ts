/**
 * What the login page says for `/login?error=<code>`: the console's own refusals of an identity-provider sign-in
 * (lib/auth/federated-sign-in.ts) and next-auth's error codes. The page shows only these texts, never the parameter
 * itself, so a crafted link cannot put words on the console's login page. Pure, for the login form.
 */

/** The console's own refusals, returned by the signIn callback as `/login?error=<code>`. */
export type FederatedRefusal = 'NoRole' | 'WrongIssuer' | 'Disabled' | 'EmailInUse' | 'NoEmail';

const MESSAGES: Record<string, string> = {
  NoRole:
    'Your account at the identity provider is in none of the groups that give access to this console, so you were not signed in. Ask an administrator to add you to one of them.',
  WrongIssuer:
    'The sign-in came back from an identity provider other than the one this console is set up for, so it was refused. Start again; if it keeps happening, tell an administrator.',
  Disabled: 'Your console account is disabled. An administrator can enable it again.',
  EmailInUse:
    'Your e-mail address already belongs to another console account (one that signs in with a password or another provider), so this sign-in was not joined to it. Sign in the way you did before, or ask an administrator.',
  NoEmail:
    'The identity provider did not say what your e-mail address is, and the console needs one. Ask an administrator to have the provider send the email claim.',
  StoreUnavailable:
    'The console database cannot be reached, so nobody can sign in until it answers again. People already signed in keep working.',
  // next-auth's codes (next-auth/core/lib/oauth, routes/callback): a failed state, PKCE or issuer check lands here.
  OAuthCallback:
    'The sign-in could not be verified (its state or issuer did not match), so it was refused. Start again.',
  OAuthSignin: 'The identity provider could not be reached to start signing in. Try again in a moment.',
  Callback: 'The identity provider did not complete the sign-in (it was cancelled or refused there). Start again.',
  AccessDenied: 'This sign-in was refused.',
  SessionRequired: 'Sign in to continue.',
};

const GENERIC = 'Signing in did not work. Start again.';

/** The message for an `error` search parameter; null when there is none. An unknown code gets a generic text. */
export function signInErrorMessage(code: string | null | undefined): string | null {
  if (!code) return null;
  return Object.hasOwn(MESSAGES, code) ? MESSAGES[code] : GENERIC;
}
