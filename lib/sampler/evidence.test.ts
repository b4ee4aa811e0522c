import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { AttemptTimeout, classifyFailure, isSaturated, SATURATION_LAG_MS } from './evidence';

/** An error as node-postgres raises it for an ErrorResponse of the server. */
function serverError(code: string, message = 'server error'): Error {
  return Object.assign(new Error(message), { code, severity: 'FATAL' });
}
const socketError = (code: string) => Object.assign(new Error(`connect ${code}`), { code, syscall: 'connect' });

describe('classifyFailure', () => {
  it('takes what the target or the way to it said as evidence', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN'])
      expect(classifyFailure(socketError(code)), code).toBe('evidence');
    // Authentication, a missing database, too many connections, shutting down, its own statement_timeout.
    for (const code of ['28P01', '3D000', '53300', '57P01', '57P03', '57014'])
      expect(classifyFailure(serverError(code)), code).toBe('evidence');
    expect(classifyFailure(new Error('Connection terminated unexpectedly'))).toBe('evidence');
    expect(classifyFailure(Object.assign(new Error('self-signed'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }))).toBe(
      'evidence',
    );
  });

  it('sees through the AppError lib/pg/client.ts wraps a driver error in', () => {
    const wrapped = new AppError('database_unavailable', 'The database cannot be reached (ECONNREFUSED).', {
      cause: socketError('ECONNREFUSED'),
    });
    expect(classifyFailure(wrapped)).toBe('evidence');
    const cancelled = new AppError('query_timeout', 'cancelled', { cause: serverError('57014') });
    expect(classifyFailure(cancelled)).toBe('evidence');
  });

  it("tells this process's own timers apart: they are judged with the console's load", () => {
    expect(classifyFailure(new AttemptTimeout(5_000))).toBe('timeout');
    expect(classifyFailure(new Error('timeout expired'))).toBe('timeout');
    expect(classifyFailure(new Error('Query read timeout'))).toBe('timeout');
  });

  it("calls anything else the console's own failure, never evidence", () => {
    expect(classifyFailure(new AppError('unexpected_row', 'a row did not fit'))).toBe('console');
    expect(classifyFailure(new TypeError('x is undefined'))).toBe('console');
    // pg-pool's wait for a free connection: the console's queue, not the target.
    expect(classifyFailure(new Error('timeout exceeded when trying to connect'))).toBe('console');
  });
});

describe('isSaturated', () => {
  const calm = { deadlineLateMs: 2, worstLagMs: 5 };

  it('explains a timeout by the console when its deadline fired late or its event loop lagged', () => {
    expect(isSaturated(calm)).toBe(false);
    expect(isSaturated({ ...calm, deadlineLateMs: 1_500 })).toBe(true);
    expect(isSaturated({ ...calm, worstLagMs: SATURATION_LAG_MS + 1 })).toBe(true);
    expect(isSaturated({ ...calm, worstLagMs: SATURATION_LAG_MS })).toBe(false);
  });
});
