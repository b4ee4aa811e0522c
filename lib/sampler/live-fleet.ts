/**
 * What this process's sampler judged of the targets it owns, kept in memory whatever happens to the console store:
 * each one's newest state (up or down, since when, why, failures in a row, missed rounds) and newest successful
 * sample. While the store cannot be read, the fleet, the glance and /api/metrics of this process are served from here
 * (lib/targets/fleet.ts). A target going down or coming back is logged once, not once per round.
 */
import 'server-only';
import { formatDuration } from '../format';
import type { StoredTargetState } from '../targets/state';
import type { Sample } from './sample';

export interface LiveTargetState extends StoredTargetState {
  /** The newest successful sample, possibly older than checkedAt when down. */
  sample: Sample | null;
}

export class LiveFleet {
  private readonly states = new Map<string, LiveTargetState>();
  private lastRound: Date | null = null;

  constructor(private readonly log: (line: string) => void = (line) => console.warn(line)) {}

  /** Records a target's new judgement, with the attempt's sample if it reached the target. */
  record(state: StoredTargetState, sample: Sample | null): void {
    const previous = this.states.get(state.target);
    if (state.up && previous && !previous.up && previous.downSince)
      this.log(
        `Target ${state.target} answers again after ${formatDuration((state.checkedAt.getTime() - previous.downSince.getTime()) / 1000)} down.`,
      );
    if (!state.up && (!previous || previous.up))
      this.log(`Target ${state.target} cannot be sampled: ${(state.error ?? 'no answer').replace(/\.$/, '')}.`);
    this.states.set(state.target, { ...state, sample: sample ?? previous?.sample ?? null });
  }

  /** Forgets targets this process no longer samples (removed, or now another process's). */
  forgetExcept(names: ReadonlySet<string>): void {
    for (const name of this.states.keys()) if (!names.has(name)) this.states.delete(name);
  }

  /** Notes that this process's sampler has just written down a batch of its round. */
  markRound(at: Date): void {
    this.lastRound = at;
  }

  get(target: string): LiveTargetState | undefined {
    return this.states.get(target);
  }

  /** When this process last sampled, or null if it never has (it owns no target, or just started). */
  lastRoundAt(): Date | null {
    return this.lastRound;
  }
}
