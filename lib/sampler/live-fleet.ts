/**
 * What this process's sampler saw in its rounds, kept in memory whatever happens to the console store: each
 * target's newest outcome (up or down, since when, why) and newest successful sample. While the store cannot be
 * read, the fleet, the glance and /api/metrics of this process are served from here (lib/targets/fleet.ts).
 * A target going down or coming back is logged once, not once per round.
 */
import 'server-only';
import { formatDuration } from '../format';
import type { Sample } from './sample';

export interface LiveTargetState {
  target: string;
  up: boolean;
  checkedAt: Date;
  downSince: Date | null;
  /** Why it is down, free of secrets. */
  error: string | null;
  /** The newest successful sample, possibly older than checkedAt when down. */
  sample: Sample | null;
}

export interface RoundOutcome {
  target: string;
  up: boolean;
  sample: Sample | null;
  error: string | null;
}

export class LiveFleet {
  private readonly states = new Map<string, LiveTargetState>();
  private lastRound: Date | null = null;

  constructor(private readonly log: (line: string) => void = (line) => console.warn(line)) {}

  /** Records one round: every target it reached or failed to reach. Targets no longer listed are forgotten. */
  recordRound(outcomes: readonly RoundOutcome[], at: Date, complete: boolean): void {
    for (const outcome of outcomes) this.record(outcome, at);
    if (complete) {
      const listed = new Set(outcomes.map((outcome) => outcome.target));
      for (const name of this.states.keys()) if (!listed.has(name)) this.states.delete(name);
    }
    this.lastRound = at;
  }

  private record({ target, up, sample, error }: RoundOutcome, at: Date): void {
    const previous = this.states.get(target);
    if (up) {
      if (previous && !previous.up && previous.downSince) {
        this.log(
          `Target ${target} answers again after ${formatDuration((at.getTime() - previous.downSince.getTime()) / 1000)} down.`,
        );
      }
      this.states.set(target, {
        target,
        up,
        checkedAt: at,
        downSince: null,
        error: null,
        sample: sample ?? previous?.sample ?? null,
      });
      return;
    }
    if (!previous || previous.up)
      this.log(`Target ${target} cannot be sampled: ${(error ?? 'no answer').replace(/\.$/, '')}.`);
    this.states.set(target, {
      target,
      up,
      checkedAt: at,
      downSince: previous?.downSince ?? at,
      error,
      sample: previous?.sample ?? null,
    });
  }

  get(target: string): LiveTargetState | undefined {
    return this.states.get(target);
  }

  /** When this process last sampled, or null if it never has (it is not the sampler, or just started). */
  lastRoundAt(): Date | null {
    return this.lastRound;
  }
}
