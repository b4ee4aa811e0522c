/**
 * The production checklist against the real server: each item's evidence equals what SQL says after the test
 * creates the condition (a superuser application role, a dropped index, no SSL…), and sign-offs are append-only,
 * go stale when the evidence turns to fail, and can be revoked.
 */
import { describe, expect, inject, it } from 'vitest';
import { parseConnectionString } from '@/lib/config/connection-string';
import { testConnection } from '@/lib/checklist/connection-test';
import { getPrisma } from '@/lib/db';
import { getDatabaseConnection, getEnv } from '@/lib/env';
import { checkBackups } from '@/lib/checklist/checks/backups';
import { checkConnection } from '@/lib/checklist/checks/connection';
import { checkEncoding } from '@/lib/checklist/checks/encoding';
import { checkFirewall } from '@/lib/checklist/checks/firewall';
import { checkMonitoring } from '@/lib/checklist/checks/monitoring';
import { checkPooling } from '@/lib/checklist/checks/pooling';
import { checkAppRolePrivileges } from '@/lib/checklist/checks/privileges';
import { checkSchema } from '@/lib/checklist/checks/schema';
import { judgeSsl } from '@/lib/checklist/checks/ssl';
import { getSslReport } from '@/lib/pg/settings';
import { loadTuningAdvice } from '@/lib/checklist/checks/tuning';
import { CHECKLIST_ITEM_IDS } from '@/lib/checklist/items';
import { checklistToMarkdown } from '@/lib/checklist/markdown';
import { markNotNeeded, recordRevocation, signOff } from '@/lib/checklist/signoffs';
import { loadChecklist } from '@/lib/checklist/load-checklist';
import { insertSample } from '@/lib/sampler/store';
import { takeSample } from '@/lib/sampler/sample';
import { sqlValue, withClient } from '../support/sql';

const operator = { id: null, email: 'operator@example.com' };
const admin = { id: null, email: 'admin@example.com' };
const everything = { compression: 9, section: 'all', tables: [], storage: 'local' };

describe('item 1: encoding', () => {
  it('reports the database encoding and locale as pg_database has them', async () => {
    const evidence = await checkEncoding();
    const row = await withClient(
      async (c) =>
        (
          await c.query(
            `SELECT pg_encoding_to_char(encoding) AS e, datcollate AS c FROM pg_database WHERE datname = current_database()`,
          )
        ).rows[0],
    );
    expect(evidence.facts[0]).toMatchObject({ label: 'Encoding', value: row.e });
    expect(evidence.facts[1]).toMatchObject({ label: 'LC_COLLATE', value: row.c });
    expect(evidence.status).toBe(row.e !== 'UTF8' ? 'fail' : /utf-?8/i.test(row.c) ? 'pass' : 'warn');
  });
});

describe('item 2: the application role', () => {
  it('fails for a superuser application role', async () => {
    await withClient((c) => c.query(`CREATE ROLE checklist_super LOGIN SUPERUSER`));
    const evidence = await checkAppRolePrivileges('checklist_super', 200);
    expect(evidence.status).toBe('fail');
    expect(evidence.facts.find((f) => f.label === 'Superuser')).toMatchObject({ value: 'yes', status: 'fail' });
    expect(evidence.facts.find((f) => f.label === 'Connection limit')).toMatchObject({
      value: 'unlimited',
      status: 'fail',
    });
  });

  it("passes a role made as the guide's halcytone_user, and fails it once it may create databases", async () => {
    await withClient(async (c) => {
      await c.query(`CREATE ROLE checklist_app LOGIN CONNECTION LIMIT 50`);
      await c.query(
        `GRANT CONNECT ON DATABASE "${(await c.query('SELECT current_database() AS d')).rows[0].d}" TO checklist_app`,
      );
      await c.query(`GRANT USAGE ON SCHEMA public TO checklist_app`);
      await c.query(
        `GRANT SELECT, INSERT, UPDATE, DELETE ON content_audit, cache_metadata, ab_test_results, content_metrics, user_segments, scheduled_content TO checklist_app`,
      );
    });
    const limited = await checkAppRolePrivileges('checklist_app', 200);
    expect(limited.status).toBe('pass');
    expect(limited.facts.find((f) => f.label === 'Connection limit')).toMatchObject({ value: '50', status: 'pass' });
    await withClient((c) => c.query(`ALTER ROLE checklist_app CREATEDB`));
    expect(
      (await checkAppRolePrivileges('checklist_app', 200)).facts.find((f) => f.label === 'CREATEDB'),
    ).toMatchObject({ value: 'yes', status: 'fail' });
    await withClient((c) => c.query(`ALTER ROLE checklist_app NOCREATEDB`));
  });

  it('fails with a clear message when the role does not exist', async () => {
    expect((await checkAppRolePrivileges('no_such_role', 200)).summary).toContain('does not exist');
  });
});

describe('item 3: tables and indexes', () => {
  it("passes the migrated schema and fails, naming it, when one of the guide's indexes is dropped", async () => {
    expect((await checkSchema()).status).toBe('pass');
    await withClient((c) => c.query('DROP INDEX idx_cache_target'));
    try {
      const evidence = await checkSchema();
      expect(evidence.status).toBe('fail');
      expect(evidence.facts).toEqual([
        {
          label: 'idx_cache_target',
          value: 'index is missing (the guide puts it on cache_metadata.target)',
          status: 'fail',
        },
      ]);
    } finally {
      await withClient((c) => c.query('CREATE INDEX idx_cache_target ON cache_metadata (target)'));
    }
  });
});

describe('item 4: SSL on a server without it', () => {
  it('fails with ssl off and the unverified sslmode named', async () => {
    const evidence = judgeSsl(await getSslReport(), getDatabaseConnection());
    expect(evidence.status).toBe('fail');
    expect(evidence.facts.find((f) => f.label === 'ssl')).toMatchObject({
      value: await sqlValue<string>(`SHOW ssl`),
      status: 'fail',
    });
    expect(evidence.facts.find((f) => f.label === 'Configured sslmode')).toMatchObject({ status: 'fail' });
  });
});

describe('item 5: pooling without PgBouncer', () => {
  it("asks for attestation and shows the console's own bounded pools", async () => {
    const evidence = await checkPooling(getEnv());
    expect(evidence.status).toBe('manual');
    expect(evidence.facts[0].value).toContain(`of max_connections ${await sqlValue<string>('SHOW max_connections')}`);
  });
});

describe('item 6: backups', () => {
  it('passes with a recent successful backup and a successful verify, fails when the newest is too old', async () => {
    const prisma = getPrisma();
    await prisma.backupSettings.update({ where: { id: 1 }, data: { backupEnabled: true } });
    const backup = await prisma.backupRun.create({
      data: {
        startedBy: 't',
        trigger: 'schedule',
        databaseName: 'db',
        serverVersion: '15',
        pgDumpVersion: '15',
        options: everything,
        storageKind: 'local',
        status: 'succeeded',
        storageLocation: 'x.dump',
        startedAt: new Date(Date.now() - 3_600_000),
      },
    });
    await prisma.restoreRun.create({
      data: {
        backupId: backup.id,
        kind: 'verify',
        startedBy: 'schedule',
        targetDatabase: 'scratch',
        status: 'succeeded',
      },
    });
    expect((await checkBackups(26)).status).toBe('pass');
    // A verify cancelled since proves nothing either way: the newest verify that ran to the end still counts.
    await prisma.restoreRun.create({
      data: {
        backupId: backup.id,
        kind: 'verify',
        startedBy: 'operator@example.com',
        targetDatabase: 'scratch2',
        status: 'cancelled',
        finishedAt: new Date(),
      },
    });
    expect((await checkBackups(26)).status).toBe('pass');
    const later = new Date(Date.now() + 30 * 3_600_000);
    const stale = await checkBackups(26, later);
    expect(stale.status).toBe('fail');
    expect(stale.summary).toContain('older than 26 h');
  });
});

describe('item 7: monitoring', () => {
  it('passes with a fresh sample and fails when the newest sample is old', async () => {
    await insertSample(await takeSample());
    const env = getEnv();
    expect((await checkMonitoring(env)).status).toBe('pass');
    expect((await checkMonitoring(env, new Date(Date.now() + 3_600_000))).status).toBe('fail');
  });
});

describe('item 9: tuning', () => {
  it("compares every setting with pg_settings' value", async () => {
    const { advice } = await loadTuningAdvice(getEnv());
    const sharedBuffers = await sqlValue<string>(`SELECT setting FROM pg_settings WHERE name = 'shared_buffers'`);
    expect(advice.find((a) => a.name === 'shared_buffers')?.current).toBe(`${(Number(sharedBuffers) * 8) / 1024}MB`);
    expect(advice.find((a) => a.name === 'max_connections')).toMatchObject({
      current: await sqlValue<string>('SHOW max_connections'),
      recommended: '200',
    });
  });
});

describe('items 10 and 12', () => {
  it('shows listen_addresses and needs attestation for the firewall', async () => {
    const evidence = await checkFirewall();
    expect(evidence.facts[0]).toMatchObject({
      label: 'listen_addresses',
      value: await sqlValue<string>('SHOW listen_addresses'),
    });
    expect(['manual', 'fail']).toContain(evidence.status);
  });

  it('connects as configured and reports version, TLS and the authenticated role', async () => {
    const evidence = await checkConnection(getEnv());
    expect(evidence.status).toBe('pass');
    expect(evidence.facts.find((f) => f.label === 'Server version')?.value).toBe(
      await sqlValue<string>('SHOW server_version'),
    );
    expect(evidence.facts.find((f) => f.label === 'TLS')?.value).toBe('not encrypted');
  });
});

describe('re-checking', () => {
  it('checks all twelve items one after another and stores the newest evidence of each', async () => {
    const { runAllChecks } = await import('@/lib/checklist/run-checks');
    const results = await runAllChecks();
    expect([...results.keys()]).toEqual([...CHECKLIST_ITEM_IDS]);
    expect(CHECKLIST_ITEM_IDS).toHaveLength(12);
    const stored = await getPrisma().checklistEvidence.findMany();
    expect(stored).toHaveLength(12);
    expect(stored.find((row) => row.itemId === 'schema')?.status).toBe(results.get('schema')?.status);
  });
});

describe('item 12 when the connection is refused', () => {
  it("explains a role over its connection limit with the guide's too-many-connections entry", async () => {
    await withClient((c) => c.query(`CREATE ROLE checklist_full LOGIN PASSWORD 'full-password' CONNECTION LIMIT 0`));
    const url = new URL(inject('databaseUrl'));
    url.username = 'checklist_full';
    url.password = 'full-password';
    const result = await testConnection(parseConnectionString(url.toString()));
    expect(result).toMatchObject({ ok: false, problem: { id: 'too_many_connections' } });
    expect(result.error).toContain('too many connections for role "checklist_full"');
    expect(result.error).not.toContain('full-password');
  });
});

describe('sign-off', () => {
  it('signs with the evidence of the moment, goes stale when it fails, refuses to sign a failing item, revokes, and keeps every entry', async () => {
    await signOff(operator, 'schema', 'Checked after the migration.');
    expect((await loadChecklist()).items.find((i) => i.id === 'schema')?.signoff.state).toBe('signed');

    await withClient((c) => c.query('DROP INDEX idx_scheduled_time'));
    try {
      const { runCheck } = await import('@/lib/checklist/run-checks');
      const { findChecklistItem } = await import('@/lib/checklist/items');
      await runCheck(findChecklistItem('schema')!);
      const item = (await loadChecklist()).items.find((i) => i.id === 'schema')!;
      expect(item.signoff).toMatchObject({
        state: 'stale',
        reason: 'Signed when the evidence was pass; it now fails.',
      });
      await expect(signOff(operator, 'schema', 'again')).rejects.toThrow('fails right now');
    } finally {
      await withClient((c) => c.query('CREATE INDEX idx_scheduled_time ON scheduled_content (scheduled_time)'));
    }
    await signOff(operator, 'schema', 'Index restored.');
    await recordRevocation(admin, 'schema', 'Re-review after the next release.');
    const item = (await loadChecklist()).items.find((i) => i.id === 'schema')!;
    expect(item.signoff.state).toBe('revoked');
    expect(item.history.map((e) => [e.kind, e.evidence.status])).toEqual([
      ['sign', 'pass'],
      ['sign', 'pass'],
      ['revoke', 'pass'],
    ]);

    await expect(withClient((c) => c.query(`UPDATE console.checklist_signoff SET comment = 'edited'`))).rejects.toThrow(
      'append-only',
    );
    await expect(withClient((c) => c.query(`DELETE FROM console.checklist_signoff`))).rejects.toThrow('append-only');
    const audit = await sqlValue<number>(
      `SELECT count(*)::int FROM console.audit_event WHERE target = 'checklist:schema'`,
    );
    expect(audit).toBe(3);
  });

  it('lets an "if needed" item be stated not needed, with its reason, and no other', async () => {
    await markNotNeeded(operator, 'replicas', 'Single-region pilot; reads fit the primary.');
    const view = await loadChecklist();
    expect(view.items.find((i) => i.id === 'replicas')).toMatchObject({
      effectiveStatus: 'not_applicable',
      signoff: { state: 'not_needed' },
    });
    await expect(markNotNeeded(operator, 'schema', 'no')).rejects.toThrow('always needed');
    const markdown = checklistToMarkdown(view, new Date('2026-11-26T12:00:00Z'), 'halcytone_prod');
    expect(markdown).toContain('## [x] 8. Read replicas configured (if needed)');
    expect(markdown).toContain('| operator@example.com | not needed | WARN: No replica is streaming');
    expect(markdown).toContain('Single-region pilot; reads fit the primary.');
    expect(markdown).toContain('| admin@example.com | revoke |');
  });
});
