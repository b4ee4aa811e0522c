/**
 * Checklist items 4, 5 and 8 against real components: a PostgreSQL with TLS from openssl-made certificates and a
 * client verifying its CA; a Debian PgBouncer in transaction mode read through its admin console; a streaming
 * replica made with pg_basebackup. Run once (in the PostgreSQL 15 project): the components are the point.
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { inject } from 'vitest';
import { parseConnectionString } from '@/lib/config/connection-string';
import { toPgPoolConfig } from '@/lib/config/pg-pool-config';
import { judgePooling, loadPoolingReport, getPgBouncerReport } from '@/lib/checklist/checks/pooling';
import { judgeReplicas, loadReplication } from '@/lib/checklist/checks/replicas';
import { judgeSsl } from '@/lib/checklist/checks/ssl';
import { getSslReport } from '@/lib/pg/settings';
import { testConnection } from '@/lib/checklist/connection-test';
import { getEnv } from '@/lib/env';
import { startEmbeddedServer } from '@/lib/embedded/embedded-server';
import { clientRunner, int, NO_COLUMNS, type TransactionRunner } from '@/lib/pg/rows';
import { makeCertificates, startPgBouncer, startStreamingReplica } from '../support/real-components';

const once = inject('postgresMajor') === 15;

async function withRunner<T>(url: string, work: (run: TransactionRunner) => Promise<T>): Promise<T> {
  const client = new pg.Client(toPgPoolConfig(parseConnectionString(url)));
  await client.connect();
  try {
    return await work(clientRunner(client));
  } finally {
    await client.end();
  }
}

async function inTempDir<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'halcytone-components-'));
  // The postgres user (servers run as it under root) must be able to traverse into it.
  await chmod(dir, 0o755);
  try {
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe.runIf(once)('item 4 on a server with TLS', () => {
  it(
    'passes with ssl on, TLS ≥ 1.2 and a client verifying the CA; fails for the same server reached without verification',
    { timeout: 60_000 },
    async () => {
      await inTempDir(async (dir) => {
        const dataDir = path.join(dir, 'pg-ssl');
        const certs = await makeCertificates(path.join(dir, 'certs'));
        const server = await startEmbeddedServer({
          dataDir,
          notice: () => {},
          settings: {
            ssl: 'on',
            ssl_cert_file: certs.cert,
            ssl_key_file: certs.key,
            ssl_ca_file: certs.ca,
            ssl_min_protocol_version: 'TLSv1.2',
          },
        });
        try {
          const verified = server.url.replace(
            'sslmode=disable',
            `sslmode=verify-ca&sslrootcert=${encodeURIComponent(certs.ca)}`,
          );
          const evidence = await withRunner(verified, async (run) =>
            judgeSsl(await getSslReport(run), parseConnectionString(verified)),
          );
          expect(evidence.status).toBe('pass');
          expect(evidence.facts.find((f) => f.label === "This console's session")?.value).toMatch(/^TLSv1\.[23] /);
          const tested = await testConnection(parseConnectionString(verified));
          expect(tested).toMatchObject({ ok: true, authenticatedAs: 'postgres' });
          expect(tested.tls).toMatch(/^TLSv1\.[23] /);

          const unverified = await withRunner(server.url, async (run) =>
            judgeSsl(await getSslReport(run), parseConnectionString(server.url)),
          );
          expect(unverified.status).toBe('fail');
          expect(unverified.facts.find((f) => f.label === 'ssl')).toMatchObject({ value: 'on', status: 'pass' });
          expect(unverified.facts.find((f) => f.label === 'Configured sslmode')).toMatchObject({
            value: 'disable',
            status: 'fail',
          });
        } finally {
          await server.stop();
        }
      });
    },
  );
});

describe.runIf(once)('item 5 with PgBouncer', () => {
  it(
    "reads a transaction-mode PgBouncer's admin console and compares it with the guide; session mode fails",
    { timeout: 60_000 },
    async () => {
      await inTempDir(async (dir) => {
        const backend = new URL(inject('databaseUrl'));
        const bouncer = await startPgBouncer(path.join(dir, 'pgbouncer'), {
          host: '127.0.0.1',
          port: Number(backend.port),
          database: backend.pathname.slice(1),
        });
        try {
          const evidence = judgePooling(
            await loadPoolingReport(getEnv({ ...process.env, PGBOUNCER_URL: bouncer.adminUrl })),
          );
          expect(evidence.status).toBe('pass');
          expect(evidence.facts.find((f) => f.label === "This console's pools")?.value).toMatch(
            new RegExp(
              `^pages' monitoring ≤ ${getEnv().PG_MONITOR_POOL_MAX}, sampler and workload collector 1 each, ` +
                'console data ≤ \\d+ of max_connections \\d+$',
            ),
          );
          expect(evidence.facts.find((f) => f.label === 'pgbouncer pool_mode')).toMatchObject({
            value: 'transaction',
            status: 'pass',
          });
          expect(evidence.facts.find((f) => f.label === 'pgbouncer default_pool_size')).toMatchObject({
            value: '25',
            status: 'pass',
          });
          const report = await getPgBouncerReport(bouncer.adminUrl);
          expect(report.pools.some((pool) => pool.database === 'pgbouncer')).toBe(true);

          await withRunner(bouncer.adminUrl, (run) => run(NO_COLUMNS, `SET pool_mode = 'session'`));
          const session = judgePooling(
            await loadPoolingReport(getEnv({ ...process.env, PGBOUNCER_URL: bouncer.adminUrl })),
          );
          expect(session.status).toBe('fail');
          expect(session.summary).toContain('pool_mode = session');
        } finally {
          await bouncer.stop();
        }
      });
    },
  );
});

describe.runIf(once)('item 8 with a streaming replica', () => {
  it('shows the replica pg_basebackup made, streaming, with its lag', { timeout: 90_000 }, async () => {
    await inTempDir(async (dir) => {
      const primary = await startEmbeddedServer({ dataDir: path.join(dir, 'primary'), notice: () => {} });
      try {
        const replica = await startStreamingReplica(path.join(dir, 'replicas', 'standby'), primary);
        try {
          const evidence = await withRunner(primary.url, async (run) => {
            for (let i = 0; i < 100; i++) {
              const { replicas } = await loadReplication(run);
              if (replicas.some((r) => r.state === 'streaming')) break;
              await new Promise((resolve) => setTimeout(resolve, 200));
            }
            await run(NO_COLUMNS, 'CREATE TABLE replicated AS SELECT generate_series(1, 1000) AS n');
            return judgeReplicas(await loadReplication(run), 60);
          });
          expect(evidence.status).toBe('pass');
          expect(evidence.summary).toBe('1 replica streaming, replay lag within 60 s.');
          expect(evidence.facts[0].value).toMatch(/^streaming, async, replay lag /);
          const lag = await withRunner(
            primary.url,
            async (run) =>
              (
                await run(
                  z.object({ n: int }),
                  `SELECT count(*) AS n FROM pg_stat_replication WHERE state = 'streaming'`,
                )
              )[0].n,
          );
          expect(lag).toBe(1);
        } finally {
          await replica.stop();
        }
      } finally {
        await primary.stop();
      }
    });
  });
});
