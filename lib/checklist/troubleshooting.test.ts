import { describe, expect, it } from 'vitest';
import { recogniseConnectionProblem } from './troubleshooting';

describe("the guide's troubleshooting errors", () => {
  it('recognises each of the three, in the words the drivers use', () => {
    expect(
      recogniseConnectionProblem('sqlalchemy.exc.TimeoutError: QueuePool limit of size 20 overflow 10 reached')?.id,
    ).toBe('pool_exhausted');
    expect(recogniseConnectionProblem('timeout exceeded when trying to connect')?.id).toBe('pool_exhausted');
    expect(recogniseConnectionProblem('connection requires a valid client certificate')?.id).toBe(
      'client_certificate_required',
    );
    expect(
      recogniseConnectionProblem(
        'FATAL: remaining connection slots are reserved for non-replication superuser connections',
      )?.id,
    ).toBe('too_many_connections');
    expect(recogniseConnectionProblem('sorry, too many clients already')?.id).toBe('too_many_connections');
    expect(recogniseConnectionProblem('password authentication failed for user "x"')).toBeNull();
  });
});
