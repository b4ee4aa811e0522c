import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConnectionString } from './connection-string';
import { DEFAULT_POOL_SIZE, toPgPoolConfig, toTlsOptions } from './pg-pool-config';

const dir = mkdtempSync(path.join(os.tmpdir(), 'certs-'));
for (const name of ['client.crt', 'client.key', 'ca.crt']) writeFileSync(path.join(dir, name), `-----${name}-----`);
const certs = `sslcert=${dir}/client.crt&sslkey=${dir}/client.key&sslrootcert=${dir}/ca.crt`;

describe('toPgPoolConfig', () => {
  it('maps the guide pool parameters: max = pool_size + max_overflow, timeout and recycle in node-postgres units', () => {
    const config = toPgPoolConfig(
      parseConnectionString(
        'postgresql://u:p@h/db?sslmode=disable&pool_size=20&max_overflow=10&pool_timeout=30&pool_recycle=3600',
      ),
    );
    expect(config).toMatchObject({ max: 30, connectionTimeoutMillis: 30_000, maxLifetimeSeconds: 3600, ssl: false });
  });

  it('uses a small default pool when the URL names none', () => {
    expect(toPgPoolConfig(parseConnectionString('postgresql://u:p@h/db')).max).toBe(DEFAULT_POOL_SIZE);
  });

  it('connects Cloud SQL through its socket directory, without TLS', () => {
    const config = toPgPoolConfig(parseConnectionString('postgresql://u:p@/db?host=/cloudsql/p:r:i&sslmode=require'));
    expect(config).toMatchObject({ host: '/cloudsql/p:r:i', ssl: false });
  });
});

describe('toTlsOptions per sslmode', () => {
  const tls = (query: string) => toTlsOptions(parseConnectionString(`postgresql://u:p@db.example.com/db?${query}`));

  it('disable and allow connect without TLS', () => {
    expect(tls('sslmode=disable')).toBe(false);
    expect(tls('sslmode=allow')).toBe(false);
  });

  it('prefer and require encrypt without verifying', () => {
    for (const mode of ['prefer', 'require'])
      expect(tls(`sslmode=${mode}`)).toMatchObject({ rejectUnauthorized: false });
  });

  it('require with a root certificate verifies the CA, as libpq does', () => {
    expect(tls(`sslmode=require&${certs}`)).toMatchObject({ rejectUnauthorized: true, ca: '-----ca.crt-----' });
  });

  it('verify-ca checks the CA but not the host name', () => {
    const options = tls(`sslmode=verify-ca&${certs}`);
    expect(options).toMatchObject({
      rejectUnauthorized: true,
      cert: '-----client.crt-----',
      key: '-----client.key-----',
    });
    expect(options && options.checkServerIdentity?.('other.host', {} as never)).toBeUndefined();
  });

  it('verify-full checks the CA and the host name', () => {
    const options = tls(`sslmode=verify-full&${certs}`);
    expect(options).toMatchObject({ rejectUnauthorized: true, servername: 'db.example.com' });
    expect(options && options.checkServerIdentity).toBeUndefined();
  });

  it('names an unreadable certificate file', () => {
    expect(() => tls('sslmode=verify-full&sslrootcert=/path/to/ca-cert.pem')).toThrow(
      'sslrootcert file /path/to/ca-cert.pem cannot be read (ENOENT)',
    );
  });
});
