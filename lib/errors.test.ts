import { describe, expect, it } from 'vitest';
import { AppError, type AppErrorCode, connectionFailureKind, errorResponse, HTTP_STATUS } from './errors';

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

describe('errorResponse', () => {
  it('answers an AppError in the one shape, its status from the code', async () => {
    const response = errorResponse(new AppError('not_found', 'Backup 7 does not exist.'), {
      headers: { 'Retry-After': '1' },
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(await response.json()).toEqual({ error: { code: 'not_found', message: 'Backup 7 does not exist.' } });
  });

  it('answers anything else as internal, without its text', async () => {
    const response = errorResponse(new Error('connect to postgres://app:s3cret@db failed'));
    expect(response.status).toBe(500);
    const body = await response.json();
    expect(body.error.code).toBe('internal');
    expect(JSON.stringify(body)).not.toContain('s3cret');
  });

  it('gives every code a status: 4xx for what the caller can change, 5xx for the server', () => {
    const statuses = Object.entries(HTTP_STATUS) as [AppErrorCode, number][];
    for (const [code, status] of statuses) expect(status, code).toBeGreaterThanOrEqual(400);
    expect(HTTP_STATUS).toMatchObject({
      unauthenticated: 401,
      forbidden: 403,
      throttled: 429,
      storage_unavailable: 502,
    });
  });
});
