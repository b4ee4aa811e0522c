/** A role's privileges as lib/pg/roles.ts reports them: roles and grants made for the test, then read back. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findRolePrivileges } from '@/lib/pg/roles';
import { sqlValue, withClient } from '../support/sql';

beforeAll(async () => {
  await withClient(async (client) => {
    await client.query('CREATE TABLE roles_granted (id int)');
    await client.query('CREATE TABLE roles_read_only (id int)');
    await client.query('CREATE ROLE roles_parent NOLOGIN CREATEROLE');
    await client.query('CREATE ROLE roles_probe LOGIN CREATEDB CONNECTION LIMIT 7');
    await client.query('GRANT roles_parent TO roles_probe');
    await client.query('GRANT SELECT, INSERT, UPDATE, DELETE ON roles_granted TO roles_probe');
    await client.query('GRANT SELECT ON roles_read_only TO roles_probe');
  });
});

afterAll(async () => {
  await withClient(async (client) => {
    await client.query('DROP TABLE IF EXISTS roles_granted, roles_read_only');
    await client.query('DROP ROLE IF EXISTS roles_probe');
    await client.query('DROP ROLE IF EXISTS roles_parent');
  });
});

describe('findRolePrivileges', () => {
  it("reports the role's attributes, powerful parents and the tables it lacks full grants on", async () => {
    const role = await findRolePrivileges('roles_probe', ['roles_granted', 'roles_read_only', 'roles_missing']);
    expect(role).toEqual({
      superuser: false,
      createRole: false,
      createDb: true,
      replication: false,
      bypassRls: false,
      connectionLimit: 7,
      canLogin: true,
      powerfulParents: ['roles_parent'],
      connect: await sqlValue<boolean>(`SELECT has_database_privilege('roles_probe', current_database(), 'CONNECT')`),
      schemaUsage: await sqlValue<boolean>(`SELECT has_schema_privilege('roles_probe', 'public', 'USAGE')`),
      // One grant short, and one that does not exist.
      tablesMissingGrants: ['roles_missing', 'roles_read_only'],
    });
  });

  it('sees a grant as soon as it is made', async () => {
    await withClient((client) => client.query('GRANT INSERT, UPDATE, DELETE ON roles_read_only TO roles_probe'));
    const role = await findRolePrivileges('roles_probe', ['roles_granted', 'roles_read_only']);
    expect(role?.tablesMissingGrants).toEqual([]);
  });

  it('finds no role that does not exist', async () => {
    expect(await findRolePrivileges('roles_no_such_role', ['roles_granted'])).toBeNull();
  });
});
