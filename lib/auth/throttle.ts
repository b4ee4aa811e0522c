/**
 * Sign-in throttling, counted in the console store so the limits hold across console processes. Every attempt
 * is counted BEFORE its password is checked, in one atomic statement per counter (INSERT … ON CONFLICT DO UPDATE
 * takes the row's lock), so a burst of parallel tries is admitted at most up to the limit; an attempt whose
 * password was right is taken back afterwards, so only failures remain counted. Two counters:
 *  - one account from one address (SIGNIN_MAX_FAILURES): an attacker slows down only their own tries of that
 *    account — its owner signing in from elsewhere is not locked out;
 *  - one address, whatever the accounts (SIGNIN_MAX_FAILURES_PER_ADDRESS): spraying many accounts stops too.
 * A counter's window (SIGNIN_WINDOW_MINUTES) starts at its first attempt; rows of windows that have ended are
 * deleted, so the table does not keep every e-mail ever tried.
 */
import 'server-only';
import { z } from 'zod';
import type { PrismaClient } from '../generated/prisma/client';
import { int, parseRows, timestamp } from '../pg/rows';

export interface ThrottlePolicy {
  maxPerAccount: number;
  maxPerAddress: number;
  windowMs: number;
}

export type Admission =
  | { admitted: true }
  | {
      admitted: false;
      /** Which limit: one account from this address, or this address altogether. */
      limit: 'account' | 'address';
      retryAfterSeconds: number;
      /** True for the first refusal of the window (the one worth an audit entry). */
      first: boolean;
    };

type ThrottleStore = Pick<PrismaClient, '$queryRaw' | '$executeRaw'>;

const accountKey = (email: string, address: string) => `account:${email}|address:${address}`;
const addressKey = (address: string) => `address:${address}`;

const counterRow = z.object({ failures: int, window_starts_at: timestamp });

/** Counts one attempt under `key`; returns the attempts in the window, this one included, and when it started. */
async function count(store: ThrottleStore, key: string, windowMs: number, now: Date) {
  const windowStart = new Date(now.getTime() - windowMs);
  const [row] = parseRows(
    counterRow,
    await store.$queryRaw`
      INSERT INTO console.sign_in_throttle (key, failures, window_starts_at)
      VALUES (${key}, 1, ${now})
      ON CONFLICT (key) DO UPDATE
      SET failures = CASE WHEN console.sign_in_throttle.window_starts_at <= ${windowStart} THEN 1 ELSE console.sign_in_throttle.failures + 1 END,
          window_starts_at = CASE WHEN console.sign_in_throttle.window_starts_at <= ${windowStart} THEN ${now} ELSE console.sign_in_throttle.window_starts_at END
      RETURNING failures, window_starts_at`,
  );
  return row;
}

/** Counts an attempt of `email` from `address` before its password is checked; refuses it over a limit. */
export async function admitSignIn(
  store: ThrottleStore,
  email: string,
  address: string,
  policy: ThrottlePolicy,
  now = new Date(),
): Promise<Admission> {
  await store.$executeRaw`DELETE FROM console.sign_in_throttle WHERE window_starts_at <= ${new Date(now.getTime() - policy.windowMs)}`;
  for (const [limit, key, max] of [
    ['address', addressKey(address), policy.maxPerAddress],
    ['account', accountKey(email, address), policy.maxPerAccount],
  ] as const) {
    const counted = await count(store, key, policy.windowMs, now);
    if (counted.failures > max) {
      const retryAfterSeconds = Math.max(
        1,
        Math.ceil((counted.window_starts_at.getTime() + policy.windowMs - now.getTime()) / 1000),
      );
      return { admitted: false, limit, retryAfterSeconds, first: counted.failures === max + 1 };
    }
  }
  return { admitted: true };
}

/** After a right password: its attempt is taken back from both counters, and this account's count from here cleared. */
export async function forgetSuccessfulSignIn(store: ThrottleStore, email: string, address: string): Promise<void> {
  await store.$executeRaw`DELETE FROM console.sign_in_throttle WHERE key = ${accountKey(email, address)}`;
  await store.$executeRaw`UPDATE console.sign_in_throttle SET failures = greatest(failures - 1, 0) WHERE key = ${addressKey(address)}`;
}
