/**
 * One sampling attempt on one target: takeSample (lib/sampler/sample.ts) over the target's own connection
 * (lib/sampler/connections.ts), within a deadline, and what its end says about the target — up with a sample, a
 * failure that is evidence (lib/sampler/evidence.ts), or "not sampled" when the console itself is the likelier reason.
 */
import 'server-only';
import { performance } from 'node:perf_hooks';
import { errorMessage } from '../errors';
import { withDedicatedConnection } from '../pg/client';
import { redactKnownPasswords, toAppError } from '../pg/sqlstate';
import type { NamedConnection } from '../targets/target-list';
import type { SamplingConnection, SamplingConnections } from './connections';
import type { EventLoopLag } from './event-loop-lag';
import { AttemptTimeout, classifyFailure, isDeadSession, isSaturated } from './evidence';
import type { ServerActivity } from '../pg/activity';
import { takeSample, type Sample, type SlowFigures } from './sample';
import type { SharedReads } from './shared-reads';

export type AttemptResult =
  { kind: 'up'; sample: Sample } | { kind: 'failed'; error: string } | { kind: 'not-sampled'; reason: string };

export interface AttemptContext {
  connections: SamplingConnections;
  lag: EventLoopLag;
  timeoutMs: number;
  /** Reads of a server's sessions shared by its watched databases (lib/sampler/shared-reads.ts). */
  serverActivity?: SharedReads<ServerActivity>;
}

/** Rejects with AttemptTimeout after `timeoutMs`, noting how late the timer fired (a stalled loop fires it late). */
function deadline(timeoutMs: number): { expired: Promise<never>; lateMs: () => number; clear: () => void } {
  let timer: NodeJS.Timeout | undefined;
  let lateMs = 0;
  const due = performance.now() + timeoutMs;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      lateMs = performance.now() - due;
      reject(new AttemptTimeout(timeoutMs));
    }, timeoutMs);
  });
  return { expired, lateMs: () => lateMs, clear: () => clearTimeout(timer) };
}

/** `carried`: slow figures of an earlier sample of this target to reuse (lib/sampler/sample.ts SlowFigures). */
export async function attemptSample(
  target: NamedConnection,
  context: AttemptContext,
  carried?: SlowFigures | null,
): Promise<AttemptResult> {
  const { connections, lag, timeoutMs, serverActivity } = context;
  const startedAt = performance.now();
  const timer = deadline(timeoutMs);
  let current: SamplingConnection | null = null;
  let abandoned = false;
  // Each session checked out is handed back exactly once, here, however the attempt ends.
  const sampleOn = async (): Promise<Sample> => {
    const held = connections.checkout(target);
    current = held;
    try {
      await held.ready;
      const sample = await withDedicatedConnection(target, held, () => takeSample(carried, serverActivity));
      connections.checkin(held, !abandoned);
      return sample;
    } catch (error) {
      connections.checkin(held, false);
      // A session kept from an earlier round whose server went away meanwhile says nothing of the server now: one
      // more try on a new session does.
      if (held.reused && !abandoned && isDeadSession(error)) return sampleOn();
      throw error;
    }
  };
  try {
    return { kind: 'up', sample: await Promise.race([sampleOn(), timer.expired]) };
  } catch (error) {
    abandoned = true;
    // Given up: its session is closed now, so queries still queued on it end and its place in the budget is freed.
    void (current as SamplingConnection | null)?.client.end().catch(() => undefined);
    const kind = classifyFailure(error);
    const saturated =
      kind === 'timeout' && isSaturated({ deadlineLateMs: timer.lateMs(), worstLagMs: lag.worstSince(startedAt) });
    const message = toAppError(error).userMessage;
    if (kind === 'evidence' || (kind === 'timeout' && !saturated)) return { kind: 'failed', error: message };
    return {
      kind: 'not-sampled',
      reason: saturated
        ? `The console was too busy to wait for the answer (${message.replace(/\.$/, '')}).`
        : `The console could not sample it: ${redactKnownPasswords(errorMessage(error))}`,
    };
  } finally {
    timer.clear();
  }
}
