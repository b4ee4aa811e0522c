import NextAuth from 'next-auth';
import { authOptions } from '@/lib/auth/options';
import { Slots } from '@/lib/auth/sign-in-slots';
import { getEnv } from '@/lib/env';
import { AppError, errorBody, HTTP_STATUS } from '@/lib/errors';

// next-auth's own endpoints (sign-in, sign-out, session, CSRF): public by nature. A credentials sign-in first takes
// one of SIGNIN_MAX_CONCURRENT slots (lib/auth/sign-in-slots.ts); none free: 429 with Retry-After in the one error
// shape (lib/errors.ts), plus the `url` next-auth's client needs: its signIn() reads the error from that URL's `error`
// parameter (and throws without a URL), and the login form shows that message (docs/http-api.md).
const handler = NextAuth(authOptions);
const globalForSlots = globalThis as unknown as { signInSlots?: Slots };

const BUSY = 'Too many sign-ins are being checked right now; try again in a second.';

interface AuthRouteContext {
  params: Promise<{ nextauth?: string[] }>;
}

/**
 * Whether next-auth will check a password for this request: it reads the action and the provider from the first two
 * decoded segments and ignores the rest (next-auth/next), so the same reading decides — not the raw URL, which
 * `/callback/credentials/x` or `/callback/credential%73` would get past.
 */
async function checksPassword(context: AuthRouteContext): Promise<boolean> {
  const [action, provider] = (await context.params).nextauth ?? [];
  return action === 'callback' && provider === 'credentials';
}

async function post(request: Request, context: AuthRouteContext): Promise<Response> {
  if (!(await checksPassword(context))) return handler(request, context);
  const slots = (globalForSlots.signInSlots ??= new Slots(getEnv().SIGNIN_MAX_CONCURRENT));
  const release = slots.tryAcquire();
  if (!release) {
    const url = new URL('/api/auth/error', request.url);
    url.searchParams.set('error', BUSY);
    return Response.json(
      { url: url.toString(), ...errorBody(new AppError('throttled', BUSY)) },
      { status: HTTP_STATUS.throttled, headers: { 'Retry-After': '1' } },
    );
  }
  try {
    return await handler(request, context);
  } finally {
    release();
  }
}

export { handler as GET, post as POST };
