import { describe, expect, it } from 'vitest';
import { backupOptionsSchema, pgDumpArguments } from './options';
import { assertDumpCanReadServer, assertRestoreCanReadArchive, parseToolVersion } from './pg-tools';

describe('pg_dump and pg_restore versions', () => {
  it('reads the versions Debian and upstream builds print', () => {
    expect(parseToolVersion('pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)\n')).toEqual({
      version: '15.18',
      major: 15,
    });
    expect(parseToolVersion('pg_restore (PostgreSQL) 17beta2')).toEqual({ version: '17beta2', major: 17 });
    expect(parseToolVersion('pg_dump (PostgreSQL) 9.6.24')).toEqual({ version: '9.6.24', major: 9 });
    expect(parseToolVersion('command not found')).toBeNull();
  });

  it('explains an older pg_dump with both versions and what to install', () => {
    const tool = { name: 'pg_dump' as const, path: '/usr/bin/pg_dump', version: '15.18', major: 15 };
    expect(() => assertDumpCanReadServer(tool, { version: '15.17', major: 15 })).not.toThrow();
    expect(() => assertDumpCanReadServer(tool, { version: '14.2', major: 14 })).not.toThrow();
    expect(() => assertDumpCanReadServer(tool, { version: '17.9', major: 17 })).toThrow(
      'pg_dump 15.18 (/usr/bin/pg_dump) cannot back up a PostgreSQL 17.9 server: pg_dump must be version 17 or newer. Install the PostgreSQL 17 client (Debian/Ubuntu: postgresql-client-17 from apt.postgresql.org) or set PG_DUMP_PATH to one.',
    );
    expect(() => assertRestoreCanReadArchive({ ...tool, name: 'pg_restore' }, '17.2')).toThrow(
      'cannot read an archive written by pg_dump 17.2',
    );
  });
});

describe('pg_dump arguments', () => {
  it('follow the guide (custom format, compression) and quote registry table names literally', () => {
    const options = backupOptionsSchema.parse({
      compression: 9,
      section: 'schema',
      tables: ['content_audit'],
      storage: 'local',
    });
    expect(pgDumpArguments(options)).toEqual([
      '--format=custom',
      '--compress=9',
      '--verbose',
      '--no-password',
      '--schema-only',
      '--table="public"."content_audit"',
    ]);
  });

  it('refuse tables outside the registry and compression outside 0–9 with a message', () => {
    const bad = backupOptionsSchema.safeParse({
      compression: 10,
      section: 'all',
      tables: ['pg_authid'],
      storage: 'local',
    });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((issue) => issue.message)).toEqual([
      'Compression must be 0 to 9.',
      'Only the six application tables can be chosen.',
    ]);
  });
});
