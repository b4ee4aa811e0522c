/**
 * A PostgreSQL whose console connection is an ordinary role with only pg_monitor and CONNECT (the grants in
 * docs/configuration.md), to prove the reports need no superuser. Tests also get a superuser URL to create conditions.
 */
import type { TestProject } from 'vitest/node';
import pg from 'pg';
import { startTestPostgres } from './postgres-global-setup';

declare module 'vitest' {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
  }
}

export const MONITOR_ROLE = 'halcytone_monitor';
const MONITOR_PASSWORD = 'monitor-role-password';

export default async function setup(project: TestProject) {
  const { url: adminUrl, teardown } = await startTestPostgres(15);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(`CREATE ROLE ${MONITOR_ROLE} LOGIN PASSWORD '${MONITOR_PASSWORD}' CONNECTION LIMIT 5`);
  await client.query(`GRANT pg_monitor TO ${MONITOR_ROLE}`);
  await client.query(`GRANT CONNECT ON DATABASE halcytone_prod TO ${MONITOR_ROLE}`);
  await client.query(`GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO ${MONITOR_ROLE}`);
  await client.end();
  const monitorUrl = new URL(adminUrl);
  monitorUrl.username = MONITOR_ROLE;
  monitorUrl.password = MONITOR_PASSWORD;
  project.provide('adminDatabaseUrl', adminUrl);
  project.provide('databaseUrl', monitorUrl.toString());
  project.provide('postgresMajor', 15);
  return teardown;
}
