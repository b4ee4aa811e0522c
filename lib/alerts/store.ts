/**
 * Alert episodes in console.alert_event: the open ones the sampler's book starts from (lib/alerts/book.ts), the
 * book's changes written back, and the history the overview shows.
 */
import 'server-only';
import { z } from 'zod';
import { getPrisma } from '../db';
import type { AlertEvent, Prisma } from '../generated/prisma/client';
import { bigint, parseRows } from '../pg/rows';
import type { AlertBook, BookEpisode, StoredEpisode } from './book';
import { ALERT_RULES } from './rules';

export interface AlertEpisode {
  id: string;
  rule: string;
  target: string;
  severity: string;
  state: 'pending' | 'firing' | 'resolved';
  summary: string;
  value: number | null;
  startedAt: string;
  firedAt: string | null;
  /** While pending: when it fires if the condition still holds (its rule's `for` after it started). */
  firesAt: string | null;
  resolvedAt: string | null;
  notified: string | null;
}

const STATES = ['pending', 'firing', 'resolved'] as const;

function stateOf(value: string): AlertEpisode['state'] {
  const state = STATES.find((candidate) => candidate === value);
  if (!state) throw new Error(`console.alert_event holds an unknown state "${value}".`);
  return state;
}

export async function findOpenEpisodes(): Promise<StoredEpisode[]> {
  const rows = await getPrisma().alertEvent.findMany({ where: { state: { in: ['pending', 'firing'] } } });
  return rows.map((row) => ({
    storedId: row.id,
    rule: row.rule,
    target: row.target,
    severity: row.severity,
    state: stateOf(row.state),
    summary: row.summary,
    value: row.value,
    startedAt: row.startedAt,
    firedAt: row.firedAt,
    resolvedAt: row.resolvedAt,
    notified: row.notified,
  }));
}

type AlertWriter = Pick<Prisma.TransactionClient, 'alertEvent' | '$queryRaw'>;

/**
 * Writes the book's changes; returns each episode's stored id (null once deleted). An episode new to the store
 * that meets an open one of the same rule and target (another process's, or our own write whose answer was lost)
 * is merged into it through the one-open-episode index rather than refused.
 */
async function writeEpisodes(
  episodes: readonly BookEpisode[],
  writer: AlertWriter,
): Promise<{ localId: number; storedId: bigint | null }[]> {
  const written: { localId: number; storedId: bigint | null }[] = [];
  for (const episode of episodes) {
    const {
      localId,
      storedId,
      rule,
      target,
      severity,
      state,
      summary,
      value,
      startedAt,
      firedAt,
      resolvedAt,
      notified,
    } = episode;
    if (episode.dropped) {
      if (storedId !== null) await writer.alertEvent.deleteMany({ where: { id: storedId } });
      written.push({ localId, storedId: null });
    } else if (storedId !== null) {
      await writer.alertEvent.update({
        where: { id: storedId },
        data: { state, summary, value, firedAt, resolvedAt, notified },
      });
      written.push({ localId, storedId });
    } else {
      const [row] = parseRows(
        z.object({ id: bigint }),
        await writer.$queryRaw`
        INSERT INTO console.alert_event (rule, target, severity, state, summary, value, started_at, fired_at, resolved_at, notified)
        VALUES (${rule}, ${target}, ${severity}, ${state}, ${summary}, ${value}, ${startedAt}, ${firedAt}, ${resolvedAt}, ${notified})
        ON CONFLICT (rule, target) WHERE resolved_at IS NULL AND state <> 'resolved'
        DO UPDATE SET state = excluded.state, summary = excluded.summary, value = excluded.value,
                      started_at = least(console.alert_event.started_at, excluded.started_at),
                      fired_at = coalesce(console.alert_event.fired_at, excluded.fired_at),
                      resolved_at = excluded.resolved_at, notified = coalesce(excluded.notified, console.alert_event.notified)
        RETURNING id`,
      );
      written.push({ localId, storedId: row.id });
    }
  }
  return written;
}

/**
 * Writes the book's pending changes with `writer` (inside the caller's transaction); returns what to mark in the
 * book once that transaction has committed.
 */
export async function writeBookChanges(book: AlertBook, writer: AlertWriter): Promise<() => void> {
  const pending = book.pendingWrites();
  const written = await writeEpisodes(
    pending.map(({ episode }) => episode),
    writer,
  );
  return () => book.markWritten(written.map((row, index) => ({ ...row, version: pending[index].version })));
}

function forSecondsOf(rule: string): number {
  return ALERT_RULES.find((candidate) => candidate.name === rule)?.forSeconds ?? 0;
}

/** How the overview lists an episode, from the store or from the sampler's book. */
export function toAlertEpisode(episode: Omit<AlertEvent, 'id'> & { id: string }): AlertEpisode {
  const state = stateOf(episode.state);
  return {
    id: episode.id,
    rule: episode.rule,
    target: episode.target,
    severity: episode.severity,
    state,
    summary: episode.summary,
    value: episode.value,
    startedAt: episode.startedAt.toISOString(),
    firedAt: episode.firedAt?.toISOString() ?? null,
    firesAt:
      state === 'pending'
        ? new Date(episode.startedAt.getTime() + forSecondsOf(episode.rule) * 1000).toISOString()
        : null,
    resolvedAt: episode.resolvedAt?.toISOString() ?? null,
    notified: episode.notified,
  };
}

/** Pending episodes first (not yet alerts: their condition has held for less than the rule's `for`), then by when they fired. */
export async function findRecentAlertEpisodes(limit = 50): Promise<AlertEpisode[]> {
  const rows = await getPrisma().alertEvent.findMany({
    orderBy: [{ firedAt: { sort: 'desc', nulls: 'first' } }, { id: 'desc' }],
    take: limit,
  });
  return rows.map((row) => toAlertEpisode({ ...row, id: String(row.id) }));
}

/** Retention: resolved episodes older than `days` go with the samples they were judged on. */
export async function deleteResolvedEpisodesOlderThan(days: number, now = new Date()): Promise<number> {
  const { count } = await getPrisma().alertEvent.deleteMany({
    where: { state: 'resolved', resolvedAt: { lt: new Date(now.getTime() - days * 86_400_000) } },
  });
  return count;
}
