import { describe, expect, it } from 'vitest';
import {
  ConnectionStringError,
  parseConnectionString,
  redactConnectionString,
  SSL_MODES,
  toLibpqUrl,
} from './connection-string';

// The six example strings of the guide's "Production Connection String Examples", verbatim.
const GUIDE = {
  basic: 'postgresql://halcytone_user:SECURE_PASSWORD@db.production.com:5432/halcytone_prod',
  ssl: 'postgresql://halcytone_user:SECURE_PASSWORD@db.production.com:5432/halcytone_prod?sslmode=require&sslcert=/path/to/client-cert.pem&sslkey=/path/to/client-key.pem&sslrootcert=/path/to/ca-cert.pem',
  pool: 'postgresql://halcytone_user:SECURE_PASSWORD@db.production.com:5432/halcytone_prod?pool_size=20&max_overflow=10&pool_timeout=30&pool_recycle=3600',
  rds: 'postgresql://halcytone_admin:SECURE_PASSWORD@halcytone-prod.abc123.us-east-1.rds.amazonaws.com:5432/halcytone_prod?sslmode=require',
  azure:
    'postgresql://halcytone@halcytone-prod:SECURE_PASSWORD@halcytone-prod.postgres.database.azure.com:5432/halcytone_prod?sslmode=require',
  cloudSql:
    'postgresql://halcytone_user:SECURE_PASSWORD@/halcytone_prod?host=/cloudsql/project-id:region:instance-name&sslmode=require',
};

describe('parseConnectionString: the guide examples', () => {
  it('basic connection', () => {
    expect(parseConnectionString(GUIDE.basic)).toMatchObject({
      user: 'halcytone_user',
      password: 'SECURE_PASSWORD',
      host: 'db.production.com',
      port: 5432,
      database: 'halcytone_prod',
      sslmode: 'prefer',
      pool: {},
    });
  });

  it('with SSL/TLS client certificates', () => {
    expect(parseConnectionString(GUIDE.ssl)).toMatchObject({
      host: 'db.production.com',
      sslmode: 'require',
      sslcert: '/path/to/client-cert.pem',
      sslkey: '/path/to/client-key.pem',
      sslrootcert: '/path/to/ca-cert.pem',
    });
  });

  it('with connection pool parameters', () => {
    expect(parseConnectionString(GUIDE.pool).pool).toEqual({
      poolSize: 20,
      maxOverflow: 10,
      poolTimeoutSeconds: 30,
      poolRecycleSeconds: 3600,
    });
  });

  it('AWS RDS', () => {
    expect(parseConnectionString(GUIDE.rds)).toMatchObject({
      user: 'halcytone_admin',
      host: 'halcytone-prod.abc123.us-east-1.rds.amazonaws.com',
      sslmode: 'require',
    });
  });

  it("Azure's user@server user name", () => {
    expect(parseConnectionString(GUIDE.azure)).toMatchObject({
      user: 'halcytone@halcytone-prod',
      password: 'SECURE_PASSWORD',
      host: 'halcytone-prod.postgres.database.azure.com',
      port: 5432,
    });
  });

  it("Cloud SQL's Unix socket form", () => {
    const parsed = parseConnectionString(GUIDE.cloudSql);
    expect(parsed).toMatchObject({
      user: 'halcytone_user',
      database: 'halcytone_prod',
      socketDir: '/cloudsql/project-id:region:instance-name',
      sslmode: 'require',
    });
    expect(parsed.host).toBeUndefined();
  });
});

describe('parseConnectionString: every sslmode and the edges', () => {
  it.each(SSL_MODES)('accepts sslmode=%s', (mode) => {
    expect(parseConnectionString(`postgresql://u:p@h/db?sslmode=${mode}`).sslmode).toBe(mode);
  });

  it('decodes percent-escapes in credentials', () => {
    expect(parseConnectionString('postgres://a%40b:p%3Aw%2Fd@h:6543/d')).toMatchObject({
      user: 'a@b',
      password: 'p:w/d',
      port: 6543,
    });
  });

  it('accepts IPv6 hosts', () => {
    expect(parseConnectionString('postgresql://u@[::1]:5433/d')).toMatchObject({
      host: '::1',
      port: 5433,
      password: undefined,
    });
  });

  it.each([
    ['mysql://u:p@h/db', 'must start with postgresql://'],
    ['postgresql://u:p@h:99999/db', 'port must be between 1 and 65535'],
    ['postgresql://u:p@h:abc/db', 'port must be a whole number'],
    ['postgresql://u:p@h/db?sslmode=sometimes', 'sslmode "sometimes" is not one of'],
    ['postgresql://u:p@h/db?pool_size=0', 'pool_size must be between 1'],
    ['postgresql://u:p@h/db?pool_size=ten', 'pool_size must be a whole number'],
    ['postgresql://u:p@h/db?sslmodee=require', 'unknown parameter "sslmodee"'],
    ['postgresql://u:p@h', 'no database name'],
    ['postgresql://u:p@/db', 'no host'],
    ['postgresql://:p@h/db', 'no user name'],
    ['postgresql://u:p%zz@h/db', 'malformed percent-escape'],
    ['postgresql://u:p@h1,h2/db', 'several hosts'],
  ])('refuses %s with a message naming the problem', (url, message) => {
    expect(() => parseConnectionString(url)).toThrow(ConnectionStringError);
    expect(() => parseConnectionString(url)).toThrow(message);
  });

  it('never puts the password in an error message', () => {
    try {
      parseConnectionString('postgresql://u:TOPSECRET@h:0/db');
      expect.unreachable();
    } catch (error) {
      expect(String(error)).not.toContain('TOPSECRET');
    }
  });
});

describe('redactConnectionString', () => {
  it.each(Object.entries(GUIDE))('masks the password of the %s example', (_name, url) => {
    const redacted = redactConnectionString(url);
    expect(redacted).not.toContain('SECURE_PASSWORD');
    expect(redacted).toContain(':****@');
  });

  it('masks URLs inside longer text and leaves password-less URLs alone', () => {
    expect(redactConnectionString('failed: postgres://u:pw@h/db (timeout)')).toBe(
      'failed: postgres://u:****@h/db (timeout)',
    );
    expect(redactConnectionString('postgresql://u@h:5432/db')).toBe('postgresql://u@h:5432/db');
  });
});

describe('toLibpqUrl', () => {
  it('round-trips through the parser and drops pool parameters libpq would reject', () => {
    const parsed = parseConnectionString(GUIDE.pool);
    const url = toLibpqUrl(parsed);
    expect(url).not.toContain('pool_size');
    expect(parseConnectionString(url)).toMatchObject({
      user: parsed.user,
      password: parsed.password,
      host: parsed.host,
      database: parsed.database,
    });
  });

  it('keeps the Azure user name and the Cloud SQL socket', () => {
    expect(parseConnectionString(toLibpqUrl(parseConnectionString(GUIDE.azure))).user).toBe('halcytone@halcytone-prod');
    expect(parseConnectionString(toLibpqUrl(parseConnectionString(GUIDE.cloudSql))).socketDir).toBe(
      '/cloudsql/project-id:region:instance-name',
    );
  });
});
