/**
 * Prometheus's alert life cycle for one sampling round, pure: a condition that becomes true opens a pending
 * episode; one that has held for the rule's `for` fires; a firing one whose condition is false resolves; a
 * pending one whose condition clears before `for` is dropped (Prometheus forgets it too).
 */
import type { AlertRule, AlertThresholds, TargetReading } from './rules';

export interface OpenEpisode {
  /** The sampler's name for it (lib/alerts/book.ts). */
  id: number;
  rule: string;
  target: string;
  state: 'pending' | 'firing';
  startedAt: Date;
}

export interface EpisodeFacts {
  rule: string;
  target: string;
  severity: AlertRule['severity'];
  summary: string;
  value: number;
}

export type Transition =
  | { kind: 'open'; facts: EpisodeFacts; firing: boolean }
  | { kind: 'fire'; id: number; facts: EpisodeFacts }
  | { kind: 'update'; id: number; facts: EpisodeFacts }
  | { kind: 'resolve'; id: number; rule: string; target: string }
  | { kind: 'drop'; id: number };

/**
 * `open` holds the episodes this caller may change; targets without a reading keep theirs. `listed` is every target
 * still watched — the whole registry, not only those read this time (another process samples the rest): an open
 * episode whose target is not listed ends as if its conditions had cleared. Null when the list of targets could not
 * be read in full (lib/targets/registry.ts): nothing is then taken for removed.
 */
export function stepAlerts(
  rules: readonly AlertRule[],
  readings: readonly TargetReading[],
  open: readonly OpenEpisode[],
  thresholds: AlertThresholds,
  now: Date,
  listed: ReadonlySet<string> | null = new Set(readings.map((reading) => reading.target)),
): Transition[] {
  const transitions: Transition[] = [];
  for (const reading of readings) {
    for (const rule of rules) {
      const episode = open.find((candidate) => candidate.rule === rule.name && candidate.target === reading.target);
      const value = rule.value(reading, thresholds);
      const active = value !== null && rule.isActive(value, thresholds);
      if (active) {
        const facts: EpisodeFacts = {
          rule: rule.name,
          target: reading.target,
          severity: rule.severity,
          summary: rule.summary(value, thresholds),
          value,
        };
        if (!episode) transitions.push({ kind: 'open', facts, firing: rule.forSeconds === 0 });
        else if (episode.state === 'pending' && now.getTime() - episode.startedAt.getTime() >= rule.forSeconds * 1000)
          transitions.push({ kind: 'fire', id: episode.id, facts });
        else transitions.push({ kind: 'update', id: episode.id, facts });
      } else if (episode?.state === 'firing') {
        transitions.push({ kind: 'resolve', id: episode.id, rule: rule.name, target: reading.target });
      } else if (episode) {
        transitions.push({ kind: 'drop', id: episode.id });
      }
    }
  }
  // A target no longer configured: its episodes end as if its conditions had cleared.
  if (!listed) return transitions;
  for (const episode of open) {
    if (listed.has(episode.target)) continue;
    transitions.push(
      episode.state === 'firing'
        ? { kind: 'resolve', id: episode.id, rule: episode.rule, target: episode.target }
        : { kind: 'drop', id: episode.id },
    );
  }
  return transitions;
}
