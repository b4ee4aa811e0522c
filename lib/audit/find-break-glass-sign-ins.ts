/**
 * The break-glass admin's password sign-ins of the last day (lib/auth/password-sign-in.ts), which the overview shows
 * to everyone signed in: who, from where, when — read from the audit log, where startSession writes each one.
 */
import 'server-only';
import { z } from 'zod';
import { getPrisma } from '../db';
import { forgetShared } from '../monitoring/shared-cache';
import { parseStored } from '../pg/rows';
import { readKnown, type Known } from '../store/last-known';

export const BREAK_GLASS_ACTION = 'auth.sign-in.break-glass';

/** A day, as the issue asks: long enough that the next shift sees a use of the night. */
export const BREAK_GLASS_SHOWN_MS = 24 * 60 * 60_000;

/** More than anyone should ever see in a day; the notice says when the list is cut. */
export const BREAK_GLASS_SHOWN = 50;

export interface BreakGlassSignIn {
  at: Date;
  email: string;
  clientAddress: string;
}

const signInDetail = z.object({ clientAddress: z.string() });

/**
 * The break-glass sign-ins since `since`, newest first. Its own partial index (audit_event_break_glass_idx) holds
 * only these entries, so the read costs the same however busy the audit log is.
 */
export async function findBreakGlassSignIns(since: Date): Promise<BreakGlassSignIn[]> {
  const events = await getPrisma().auditEvent.findMany({
    where: { action: BREAK_GLASS_ACTION, occurredAt: { gte: since } },
    orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }],
    take: BREAK_GLASS_SHOWN,
    select: { occurredAt: true, actorEmail: true, after: true },
  });
  return events.map((event) => ({
    at: event.occurredAt,
    email: event.actorEmail,
    clientAddress: parseStored(signInDetail, event.after, 'A break-glass sign-in').clientAddress,
  }));
}

const KNOWN_KEY = 'break-glass-sign-ins';
// Every overview render asks; one read per process per few seconds serves them all. A sign-in shows within that.
const KNOWN_TTL_MS = 10_000;

/**
 * The last day's break-glass sign-ins through the shared short cache; while the console store is unreachable, the
 * last list read (stale), less what has aged past the day since. Throws only when the store is down and nothing was
 * read since this process started.
 */
export async function readBreakGlassSignIns(now = Date.now()): Promise<Known<BreakGlassSignIn[]>> {
  const known = await readKnown(KNOWN_KEY, KNOWN_TTL_MS, () =>
    findBreakGlassSignIns(new Date(Date.now() - BREAK_GLASS_SHOWN_MS)),
  );
  return { ...known, value: known.value.filter((signIn) => signIn.at.getTime() > now - BREAK_GLASS_SHOWN_MS) };
}

/** After a break-glass sign-in: this process's overview shows it at once, the others' within KNOWN_TTL_MS. */
export function forgetBreakGlassSignIns(): void {
  forgetShared(KNOWN_KEY);
}
