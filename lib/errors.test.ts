import { describe, expect, it } from 'vitest';
import { AppError, connectionFailureKind } from './errors';

describe('connectionFailureKind', () => {
  const failure = (code: string | undefined, message: string) =>
    Object.assign(new Error(message), code ? { code } : {});

  it('names the kind of failure without the server it happened on', () => {
    expect(connectionFailureKind(failure('ECONNREFUSED', 'connect ECONNREFUSED 10.0.0.5:5432'))).toBe(
      'connection refused',
    );
    expect(connectionFailureKind(failure('ENOTFOUND', 'getaddrinfo ENOTFOUND db.internal'))).toBe('host not found');
    expect(connectionFailureKind(failure('28P01', 'password authentication failed for user "halcytone_user"'))).toBe(
      'authentication failed',
    );
    expect(connectionFailureKind(failure(undefined, 'timeout exceeded when trying to connect'))).toBe('timed out');
    expect(connectionFailureKind(failure('57P01', 'terminating connection due to administrator command'))).toBe(
      'connection lost',
    );
    expect(connectionFailureKind(new Error('something else entirely'))).toBe('unreachable');
  });

  it('looks through an AppError to the driver error it wraps', () => {
    const wrapped = new AppError('database_unavailable', 'The database cannot be reached (ECONNREFUSED).', {
      cause: failure('ECONNREFUSED', 'connect ECONNREFUSED 10.0.0.5:5432'),
    });
    expect(connectionFailureKind(wrapped)).toBe('connection refused');
  });
});
