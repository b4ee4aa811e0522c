/**
 * Alert episodes in console.alert_event: the open ones the sampler steps each round, and the history the
 * overview shows.
 */
import 'server-only';
import { getPrisma } from '../db';
import type { AlertEvent } from '../generated/prisma/client';
import { ALERT_RULES } from './rules';
import type { OpenEpisode, Transition } from './transitions';

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

export async function findOpenEpisodes(): Promise<OpenEpisode[]> {
  const rows = await getPrisma().alertEvent.findMany({ where: { state: { in: ['pending', 'firing'] } } });
  return rows.map((row) => ({ id: row.id, rule: row.rule, target: row.target, state: row.state as OpenEpisode['state'], startedAt: row.startedAt }));
}

export interface EpisodeChange {
  id: bigint;
  status: 'firing' | 'resolved';
}

/** Applies one round's transitions; returns the episodes that fired or resolved (to notify about). */
export async function applyTransitions(transitions: readonly Transition[], now: Date): Promise<EpisodeChange[]> {
  const changed: EpisodeChange[] = [];
  await getPrisma().$transaction(async (tx) => {
    for (const transition of transitions) {
      switch (transition.kind) {
        case 'open': {
          const { facts, firing } = transition;
          const row = await tx.alertEvent.create({
            data: { ...facts, state: firing ? 'firing' : 'pending', startedAt: now, firedAt: firing ? now : null },
          });
          if (firing) changed.push({ id: row.id, status: 'firing' });
          break;
        }
        case 'fire':
          await tx.alertEvent.update({ where: { id: transition.id }, data: { state: 'firing', firedAt: now, summary: transition.facts.summary, value: transition.facts.value } });
          changed.push({ id: transition.id, status: 'firing' });
          break;
        case 'update':
          await tx.alertEvent.update({ where: { id: transition.id }, data: { summary: transition.facts.summary, value: transition.facts.value } });
          break;
        case 'resolve':
          await tx.alertEvent.update({ where: { id: transition.id }, data: { state: 'resolved', resolvedAt: now } });
          changed.push({ id: transition.id, status: 'resolved' });
          break;
        case 'drop':
          await tx.alertEvent.delete({ where: { id: transition.id } });
          break;
      }
    }
  });
  return changed;
}

function toEpisode(row: AlertEvent): AlertEpisode {
  return {
    id: String(row.id),
    rule: row.rule,
    target: row.target,
    severity: row.severity,
    state: row.state as AlertEpisode['state'],
    summary: row.summary,
    value: row.value,
    startedAt: row.startedAt.toISOString(),
    firedAt: row.firedAt?.toISOString() ?? null,
    firesAt: row.state === 'pending' ? new Date(row.startedAt.getTime() + forSecondsOf(row.rule) * 1000).toISOString() : null,
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
    notified: row.notified,
  };
}

export async function findEpisode(id: bigint): Promise<AlertEpisode> {
  return toEpisode(await getPrisma().alertEvent.findUniqueOrThrow({ where: { id } }));
}

function forSecondsOf(rule: string): number {
  return ALERT_RULES.find((candidate) => candidate.name === rule)?.forSeconds ?? 0;
}

/** Pending episodes first (not yet alerts: their condition has held for less than the rule's `for`), then by when they fired. */
export async function findAlertHistory(limit = 50): Promise<AlertEpisode[]> {
  const rows = await getPrisma().alertEvent.findMany({
    orderBy: [{ firedAt: { sort: 'desc', nulls: 'first' } }, { id: 'desc' }],
    take: limit,
  });
  return rows.map(toEpisode);
}

/** Retention: resolved episodes older than `days` go with the samples they were judged on. */
export async function deleteResolvedEpisodesOlderThan(days: number, now = new Date()): Promise<number> {
  const { count } = await getPrisma().alertEvent.deleteMany({ where: { state: 'resolved', resolvedAt: { lt: new Date(now.getTime() - days * 86_400_000) } } });
  return count;
}

export async function recordDelivery(id: bigint, notified: string): Promise<void> {
  await getPrisma().alertEvent.update({ where: { id }, data: { notified } });
}
