// Not 'server-only': scripts/ loads it too (tsx, outside Next.js), where that import throws.
/**
 * The first admin at start-up, and what the start prints about it. A password from the environment
 * (ADMIN_PASSWORD) is never printed — the operator has it, and logs are kept and shared; the start says where it
 * came from. A generated one is printed once, when it is made, because nobody else knows it.
 */
import { SYSTEM_ACTOR } from '../audit/record-audit-event';
import { generatePassword } from '../auth/password';
import type { PrismaClient } from '../generated/prisma/client';
import { countAdmins, ensureAdmin } from '../users/users';

export const DEFAULT_ADMIN_EMAIL = 'admin@halcytone.local';

export interface PreparedAdmin {
  email: string;
  /** Set only for a password generated now. */
  generatedPassword?: string;
  note: string;
}

export async function prepareAdmin(
  prisma: PrismaClient,
  env: { ADMIN_EMAIL?: string; ADMIN_PASSWORD?: string },
): Promise<PreparedAdmin> {
  if (env.ADMIN_EMAIL && env.ADMIN_PASSWORD) {
    const outcome = await ensureAdmin(prisma, SYSTEM_ACTOR, env.ADMIN_EMAIL, env.ADMIN_PASSWORD);
    return {
      email: env.ADMIN_EMAIL,
      note: `${outcome === 'created' ? 'created' : 'password set'} from ADMIN_PASSWORD (not shown)`,
    };
  }
  if ((await countAdmins(prisma)) === 0) {
    const email = env.ADMIN_EMAIL ?? DEFAULT_ADMIN_EMAIL;
    const generatedPassword = generatePassword();
    await ensureAdmin(prisma, SYSTEM_ACTOR, email, generatedPassword);
    return { email, generatedPassword, note: 'generated now and shown only this once' };
  }
  return {
    email: env.ADMIN_EMAIL ?? '(existing admins)',
    note: 'password unchanged; set ADMIN_EMAIL and ADMIN_PASSWORD to reset it',
  };
}

/** The start's line about signing in. */
export function describeAdmin(admin: PreparedAdmin): string {
  return `Sign in as ${admin.email}${admin.generatedPassword ? ` with password ${admin.generatedPassword}` : ''} — ${admin.note}.`;
}
