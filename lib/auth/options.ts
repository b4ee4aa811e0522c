/**
 * next-auth configuration: e-mail and password against console.users, identity providers (lib/auth/providers.ts;
 * who may sign in and with which role: lib/auth/federated-sign-in.ts), JWT sessions, and per-address throttling
 * of failed attempts. The session carries the user id and, signed with it, the e-mail, name and role at sign-in.
 * Role and enabled state are re-read from the console store on every request (lib/auth/session.ts), so a role
 * change or a disabled account takes effect at once; the signed role is used only while the store is down.
 */
import 'server-only';
import type { AuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import type { Provider } from 'next-auth/providers/index';
import { headers } from 'next/headers';
import { z } from 'zod';
import { getPrisma } from '../db';
import { getEnv } from '../env';
import { errorMessage, redactSecrets } from '../errors';
import { requestClientAddress } from '../http/request-address';
import { isHttps } from '../security/headers';
import { formatClock } from '../format';
import { isStoreUnavailable } from '../store/last-known';
import { getStoreOutage } from '../store/outage';
import { normalizeEmail } from '../users/users';
import { admitFederatedSignIn } from './federated-sign-in';
import { verifyPassword } from './password';
import { passwordSignInFor } from './password-sign-in';
import { federatedProviders, signInButtons } from './providers';
import { isRole } from './roles';
import { admitSignIn, forgetSuccessfulSignIn } from './throttle';
import { endSession, recordRefusedSignIn, startSession } from './user-sessions';

const credentialsSchema = z.object({ email: z.string().trim().min(1).max(320), password: z.string().min(1).max(1024) });

// Compared against when the address is unknown, so a wrong address takes as long as a wrong password.
const DUMMY_HASH = 'scrypt$131072$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

export const THROTTLED_MESSAGE_PREFIX = 'Too many failed sign-ins';

/** Sign-in needs the console store (accounts, throttling); while it is down, say so instead of failing. */
export async function authorizeCredentials(raw: unknown, request?: { headers?: Record<string, unknown> }) {
  try {
    return await checkCredentials(raw, addressOf(request));
  } catch (error) {
    if (!isStoreUnavailable(error)) throw error;
    const since = getStoreOutage()?.since;
    throw new Error(
      `The console database ${since ? `has been unreachable since ${formatClock(since)}` : 'cannot be reached'}, so nobody can sign in until it answers again. People already signed in keep working.`,
    );
  }
}

/** The address of the sign-in request (lib/http/client-address.ts), from the headers next-auth hands over. */
function addressOf(request: { headers?: Record<string, unknown> } | undefined): string {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request?.headers ?? {}))
    if (typeof value === 'string') headers.set(name, value);
  return requestClientAddress(headers);
}

async function checkCredentials(raw: unknown, address: string) {
  const parsed = credentialsSchema.safeParse(raw);
  if (!parsed.success) return null;
  const env = getEnv();
  const prisma = getPrisma();
  const email = normalizeEmail(parsed.data.email);
  // Counted before the (slow) password check, so parallel tries cannot get past the limit.
  const admission = await admitSignIn(prisma, email, address, {
    maxPerAccount: env.SIGNIN_MAX_FAILURES,
    maxPerAddress: env.SIGNIN_MAX_FAILURES_PER_ADDRESS,
    windowMs: env.SIGNIN_WINDOW_MINUTES * 60_000,
  });
  if (!admission.admitted) {
    if (admission.first)
      await recordRefusedSignIn(email, (await prisma.user.count({ where: { email } })) > 0, address, 'throttled');
    const minutes = Math.ceil(admission.retryAfterSeconds / 60);
    const scope = admission.limit === 'account' ? 'this account from your address' : 'your address';
    throw new Error(
      `${THROTTLED_MESSAGE_PREFIX} for ${scope}; try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
    );
  }
  // PASSWORD_SIGNIN=false: only the break-glass admin goes on to a password check. Asked after the attempt is
  // counted, so a refused e-mail counts as a failure too. The message names where to sign in instead; that a given
  // address gets it says only that it is not the break-glass one (whose password the throttle still guards).
  const passwordSignIn = passwordSignInFor(env, email);
  if (passwordSignIn.kind === 'off') {
    const accountExists = (await prisma.user.count({ where: { email } })) > 0;
    await recordRefusedSignIn(email, accountExists, address, 'password sign-in is turned off');
    throw new Error(passwordSignIn.message);
  }
  const user = await prisma.user.findUnique({ where: { email } });
  const passwordMatches = await verifyPassword(parsed.data.password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !passwordMatches || user.disabledAt) {
    await recordRefusedSignIn(
      email,
      user !== null,
      address,
      user && passwordMatches ? 'disabled account' : 'wrong password or unknown account',
    );
    return null;
  }
  await forgetSuccessfulSignIn(prisma, email, address);
  const signedInAt = new Date();
  const sessionId = await startSession(
    { id: user.id, email: user.email },
    address,
    SESSION_MAX_AGE_SECONDS,
    signedInAt,
    { provider: 'credentials', breakGlass: passwordSignIn.kind === 'break-glass' },
  );
  return {
    id: String(user.id),
    email: user.email,
    name: user.name,
    role: user.role,
    sessionId,
    signedInAt: signedInAt.getTime(),
  };
}

/**
 * A session lasts at most this long from its sign-in, however often its cookie is refreshed (next-auth re-issues
 * the JWT with a fresh expiry on every session read; lib/auth/session.ts counts from the sign-in instead). Signing
 * out ends it at once (lib/auth/user-sessions.ts).
 */
export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

let providers: Provider[] | undefined;

export const authOptions: AuthOptions = {
  session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
  // Secure cookies whenever the console's public URL is https — also behind a TLS-terminating proxy, where the
  // request the console sees is plain http.
  useSecureCookies: isHttps(process.env.NEXTAUTH_URL),
  // next-auth's errors (a failed state or issuer check: OAuthCallback) land on the login page, which says what
  // each code means (lib/auth/sign-in-errors.ts) instead of next-auth's own error page.
  pages: { signIn: '/login', error: '/login' },
  // Read when first asked for, not when this module loads: `next build` loads it without the deployment's variables.
  get providers() {
    return (providers ??= [
      // Always offered, also with PASSWORD_SIGNIN=false: the break-glass admin signs in with it.
      CredentialsProvider({
        name: 'E-mail and password',
        credentials: { email: { label: 'E-mail', type: 'email' }, password: { label: 'Password', type: 'password' } },
        authorize: authorizeCredentials,
      }),
      ...federatedProviders(getEnv()),
    ]);
  },
  callbacks: {
    /**
     * An identity provider's sign-in, once next-auth has checked state, PKCE and the id_token: the console decides
     * who it is and with which role (lib/auth/federated-sign-in.ts), or refuses with a code the login page explains.
     * Without an adapter next-auth hands this same `user` object to the jwt callback below, so the id, role and
     * session set here are what the cookie carries. Never throws: a thrown error shows next-auth's own page.
     */
    async signIn({ user, account, profile }) {
      if (!account || account.provider === 'credentials') return true;
      const provider = signInButtons(getEnv()).find((button) => button.id === account.provider)?.id;
      if (!provider) return '/login?error=AccessDenied';
      try {
        const outcome = await admitFederatedSignIn({
          provider,
          subject: account.providerAccountId,
          claims: { ...profile },
          clientAddress: requestClientAddress(await headers()),
          sessionSeconds: SESSION_MAX_AGE_SECONDS,
        });
        if (!outcome.ok) return `/login?error=${outcome.error}`;
        Object.assign(user, {
          id: String(outcome.user.id),
          email: outcome.user.email,
          name: outcome.user.name,
          role: outcome.user.role,
          sessionId: outcome.sessionId,
          signedInAt: outcome.signedInAt.getTime(),
        });
        return true;
      } catch (error) {
        if (isStoreUnavailable(error)) return '/login?error=StoreUnavailable';
        console.error(`identity provider sign-in failed: ${redactSecrets(errorMessage(error))}`);
        return '/login?error=Default';
      }
    },
    jwt({ token, user }) {
      if (user) {
        token.sub = user.id;
        token.role = (user as { role?: unknown }).role;
        token.sid = (user as { sessionId?: unknown }).sessionId;
        token.sat = (user as { signedInAt?: unknown }).signedInAt;
      }
      return token;
    },
    session({ session, token }) {
      return {
        ...session,
        userId: token.sub,
        role: isRole(token.role) ? token.role : undefined,
        sessionId: typeof token.sid === 'string' ? token.sid : undefined,
        signedInAt: typeof token.sat === 'number' ? token.sat : undefined,
      };
    },
  },
  events: {
    async signOut({ token }) {
      if (typeof token?.sid !== 'string') return;
      const user = token.sub && token.email ? { id: Number(token.sub), email: token.email } : null;
      // The cookie is cleared whatever happens; if the console database cannot be reached the session still ends
      // at its expiry, and the log says so.
      await endSession(token.sid, user).catch((error: unknown) =>
        console.warn(`sign-out not recorded: ${errorMessage(error)}`),
      );
    },
  },
};
