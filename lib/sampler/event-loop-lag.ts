/**
 * How far behind this process's event loop has fallen, and when: a timer that should fire every RESOLUTION_MS notes
 * every time it fired late, so a sampling attempt can ask "did the loop stall while I ran?" (lib/sampler/evidence.ts
 * isSaturated). node:perf_hooks monitorEventLoopDelay measures the same delay but only as a histogram, with no time
 * of each stall, so it cannot say whether a stall overlapped one attempt; this keeps the stalls of the last minutes
 * with their times, and the worst one since the round began for the sampler's figures.
 */
import { performance } from 'node:perf_hooks';

/** Short enough to see a stall past the saturation threshold (70 ms), long enough to cost nothing (20 wakeups/s). */
const RESOLUTION_MS = 50;
/** Lags below this are timer jitter, not worth keeping. */
const NOTED_LAG_MS = 10;
/** Stalls older than the longest attempt are of no more use. */
const KEPT_MS = 120_000;

interface Stall {
  /** performance.now() when the loop stopped answering, and when it answered again. */
  from: number;
  to: number;
}

export class EventLoopLag {
  private timer: NodeJS.Timeout | null = null;
  private lastTick = 0;
  private stalls: Stall[] = [];
  private worstSinceReset = 0;

  start(): void {
    if (this.timer) return;
    this.lastTick = performance.now();
    this.timer = setInterval(() => this.check(), RESOLUTION_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private check(now = performance.now()): void {
    const lag = now - this.lastTick - RESOLUTION_MS;
    this.lastTick = now;
    if (lag > this.worstSinceReset) this.worstSinceReset = lag;
    if (lag < NOTED_LAG_MS) return;
    this.stalls.push({ from: now - lag, to: now });
    while (this.stalls.length > 0 && this.stalls[0].to < now - KEPT_MS) this.stalls.shift();
  }

  /** The stall under way now, which the timer has not yet had the chance to note (it runs after this caller). */
  private current(now: number): Stall | null {
    if (!this.timer) return null;
    const lag = now - this.lastTick - RESOLUTION_MS;
    return lag >= NOTED_LAG_MS ? { from: now - lag, to: now } : null;
  }

  /** The longest stall that overlapped [from, now] (performance.now() times), in ms. */
  worstSince(from: number, now = performance.now()): number {
    let worst = 0;
    const current = this.current(now);
    for (const stall of current ? [...this.stalls, current] : this.stalls)
      if (stall.to >= from) worst = Math.max(worst, stall.to - Math.max(stall.from, from));
    return worst;
  }

  /** The worst lag since the last call (a round's figure), and starts anew. */
  takeWorst(now = performance.now()): number {
    const current = this.current(now);
    const worst = Math.max(this.worstSinceReset, current ? current.to - current.from : 0);
    this.worstSinceReset = 0;
    return Math.max(0, worst);
  }
}
