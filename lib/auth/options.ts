/**
 * next-auth configuration: e-mail and password against console.users, JWT sessions, and per-address throttling
 * of failed attempts. The session carries the user id and, signed with it, the e-mail, name and role at sign-in.
 * Role and enabled state are re-read from the console store on every request (lib/auth/session.ts), so a role
 * change or a disabled account takes effect at once; the signed role is used only while the store is down.
 */
import 'server-only';
import type { AuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { z } from 'zod';
import { getPrisma } from '../db';
import { getEnv } from '../env';
import { formatClock } from '../format';
import { isStoreUnavailable } from '../store/last-known';
import { getStoreOutage } from '../store/outage';
import { normalizeEmail } from '../users/users';
import { verifyPassword } from './password';
import { isRole } from './roles';
import { clearFailedSignIns, findBlockedUntil, recordFailedSignIn } from './throttle';

const credentialsSchema = z.object({ email: z.string().trim().min(1).max(320), password: z.string().min(1).max(1024) });

// Compared against when the address is unknown, so a wrong address takes as long as a wrong password.
const DUMMY_HASH = 'scrypt$131072$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

export const THROTTLED_MESSAGE_PREFIX = 'Too many failed sign-ins';

/** Sign-in needs the console store (accounts, throttling); while it is down, say so instead of failing. */
export async function authorizeCredentials(raw: unknown) {
  try {
    return await checkCredentials(raw);
  } catch (error) {
    if (!isStoreUnavailable(error)) throw error;
    const since = getStoreOutage()?.since;
    throw new Error(
      `The console database ${since ? `has been unreachable since ${formatClock(since)}` : 'cannot be reached'}, so nobody can sign in until it answers again. People already signed in keep working.`,
    );
  }
}

async function checkCredentials(raw: unknown) {
  const parsed = credentialsSchema.safeParse(raw);
  if (!parsed.success) return null;
  const env = getEnv();
  const prisma = getPrisma();
  const email = normalizeEmail(parsed.data.email);
  const blockedUntil = await findBlockedUntil(prisma, email);
  if (blockedUntil) {
    const minutes = Math.ceil((blockedUntil.getTime() - Date.now()) / 60_000);
    throw new Error(`${THROTTLED_MESSAGE_PREFIX} for this address; try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`);
  }
  const user = await prisma.user.findUnique({ where: { email } });
  const passwordMatches = await verifyPassword(parsed.data.password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !passwordMatches || user.disabledAt) {
    await recordFailedSignIn(prisma, email, {
      maxFailures: env.SIGNIN_MAX_FAILURES,
      windowMs: env.SIGNIN_WINDOW_MINUTES * 60_000,
    });
    return null;
  }
  await clearFailedSignIns(prisma, email);
  return { id: String(user.id), email: user.email, name: user.name, role: user.role };
}

export const authOptions: AuthOptions = {
  session: { strategy: 'jwt', maxAge: 12 * 60 * 60 },
  pages: { signIn: '/login' },
  providers: [
    CredentialsProvider({
      name: 'E-mail and password',
      credentials: { email: { label: 'E-mail', type: 'email' }, password: { label: 'Password', type: 'password' } },
      authorize: authorizeCredentials,
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.sub = user.id;
        token.role = (user as { role?: unknown }).role;
      }
      return token;
    },
    session({ session, token }) {
      return { ...session, userId: token.sub, role: isRole(token.role) ? token.role : undefined };
    },
  },
};
