import { describe, expect, it, vi } from 'vitest';
import { OutageTracker, PROBE_INTERVAL_MS } from './outage';

const failure = (message: string, code = 'ECONNREFUSED') => Object.assign(new Error(message), { code });

describe('OutageTracker', () => {
  it('logs one line when an outage starts and one when it ends, however many attempts fail between', () => {
    const lines: string[] = [];
    const tracker = new OutageTracker('Console database', (line) => lines.push(line));
    const start = new Date('2026-12-01T03:12:07Z');
    tracker.unreachable(failure('connect ECONNREFUSED 10.0.0.5:5432'), [], start);
    tracker.unreachable(failure('connect ECONNREFUSED 10.0.0.5:5432'), [], new Date(start.getTime() + 5_000));
    tracker.unreachable(
      failure('timeout exceeded when trying to connect', 'ETIMEDOUT'),
      [],
      new Date(start.getTime() + 10_000),
    );
    expect(tracker.current()).toEqual({
      since: start,
      error: 'timeout exceeded when trying to connect',
      reason: 'timed out',
    });
    tracker.reachable(new Date(start.getTime() + 240_000));
    tracker.reachable(new Date(start.getTime() + 250_000));
    expect(tracker.current()).toBeNull();
    expect(lines).toEqual([
      'Console database unreachable: connect ECONNREFUSED 10.0.0.5:5432 — showing the last known state until it answers again.',
      'Console database reachable again after 4 min 0 s of outage.',
    ]);
  });

  it('lets one probe through per interval while down, every attempt while up', () => {
    const tracker = new OutageTracker('Console database', () => {});
    expect(tracker.mayAttempt(0)).toBe(true);
    expect(tracker.mayAttempt(1)).toBe(true);
    tracker.unreachable(failure('refused'), [], new Date(1_000));
    expect(tracker.mayAttempt(1_500)).toBe(false);
    expect(tracker.mayAttempt(1_000 + PROBE_INTERVAL_MS)).toBe(true);
    expect(tracker.mayAttempt(1_001 + PROBE_INTERVAL_MS)).toBe(false);
    expect(tracker.refusal()).toMatchObject({
      code: 'database_unavailable',
      userMessage: expect.stringMatching(/^Console database unreachable since /),
    });
  });

  it('keeps no secret in what it logs or keeps', () => {
    const lines: string[] = [];
    const tracker = new OutageTracker('Console database', (line) => lines.push(line));
    tracker.unreachable(failure('password authentication failed for user "console" (password S3cr3t-pass)', '28P01'), [
      'S3cr3t-pass',
    ]);
    expect(tracker.current()?.error).not.toContain('S3cr3t-pass');
    expect(tracker.current()?.reason).toBe('authentication failed');
    expect(lines.join('')).not.toContain('S3cr3t-pass');
  });

  it('tells its listeners when an outage ends, until they stop listening', () => {
    const tracker = new OutageTracker('Console database', () => {});
    const listener = vi.fn();
    const stop = tracker.onRecovery(listener);
    tracker.unreachable(failure('refused'), []);
    tracker.reachable();
    tracker.reachable();
    expect(listener).toHaveBeenCalledTimes(1);
    stop();
    tracker.unreachable(failure('refused'), []);
    tracker.reachable();
    expect(listener).toHaveBeenCalledTimes(1);
  });
});
