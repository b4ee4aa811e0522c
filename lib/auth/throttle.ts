/**
 * Throttles repeated failed sign-ins per e-mail address. Counted in the console schema, not in memory, so the
 * limit holds with several console processes. After SIGNIN_MAX_FAILURES failures within SIGNIN_WINDOW_MINUTES the
 * address is refused for one window, whether or not the password is then right.
 */
import { z } from 'zod';
import type { PrismaClient } from '../generated/prisma/client';
import { int, parseRows, timestamp } from '../pg/rows';

export interface ThrottlePolicy {
  maxFailures: number;
  windowMs: number;
}

export async function findBlockedUntil(prisma: PrismaClient, key: string, now = new Date()): Promise<Date | null> {
  const row = await prisma.signInThrottle.findUnique({ where: { key } });
  return row?.blockedUntil && row.blockedUntil > now ? row.blockedUntil : null;
}

export async function recordFailedSignIn(
  prisma: PrismaClient,
  key: string,
  policy: ThrottlePolicy,
  now = new Date(),
): Promise<void> {
  await prisma.$transaction(async (tx) => {
    // Lock the counter row so concurrent failures are all counted.
    await tx.$executeRaw`INSERT INTO console.sign_in_throttle (key, failures, window_starts_at) VALUES (${key}, 0, ${now}) ON CONFLICT (key) DO NOTHING`;
    const [row] = parseRows(
      z.object({ failures: int, window_starts_at: timestamp }),
      await tx.$queryRaw`SELECT failures, window_starts_at FROM console.sign_in_throttle WHERE key = ${key} FOR UPDATE`,
    );
    const windowExpired = now.getTime() - row.window_starts_at.getTime() > policy.windowMs;
    const failures = windowExpired ? 1 : row.failures + 1;
    await tx.signInThrottle.update({
      where: { key },
      data: {
        failures,
        windowStartsAt: windowExpired ? now : row.window_starts_at,
        blockedUntil: failures >= policy.maxFailures ? new Date(now.getTime() + policy.windowMs) : null,
      },
    });
  });
}

export async function clearFailedSignIns(prisma: PrismaClient, key: string): Promise<void> {
  await prisma.signInThrottle.deleteMany({ where: { key } });
}
