import { describe, expect, it } from 'vitest';
import { ConfigurationError, getDatabaseConnection, getEnv } from './env';

describe('getEnv', () => {
  it('applies the documented defaults', () => {
    expect(getEnv({})).toMatchObject({
      PORT: 3000,
      DATA_DIR: '.data',
      PG_STATEMENT_TIMEOUT_MS: 5000,
      PG_LOCK_TIMEOUT_MS: 1000,
      SIGNIN_MAX_FAILURES: 5,
      SAMPLER_CONCURRENCY: 16,
      SAMPLER_CONNECTION_BUDGET: 1000,
      TARGET_DOWN_AFTER_FAILURES: 2,
    });
  });

  it('says which variable is wrong', () => {
    expect(() => getEnv({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => getEnv({ ADMIN_PASSWORD: 'short' })).toThrow('ADMIN_PASSWORD must be at least 12 characters');
    expect(() => getEnv({ ADMIN_EMAIL: 'not-an-address' })).toThrow(/ADMIN_EMAIL/);
  });

  it('reports a malformed DATABASE_URL without its password', () => {
    const env = getEnv({ DATABASE_URL: 'postgresql://u:HUNTER2@h:70000/db' });
    expect(() => getDatabaseConnection(env)).toThrow(ConfigurationError);
    expect(() => getDatabaseConnection(env)).toThrow('port must be between 1 and 65535');
    expect(() => getDatabaseConnection(env)).not.toThrow(/HUNTER2/);
  });
});
