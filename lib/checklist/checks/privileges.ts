/**
 * Item 2: the application role has limited privileges — the guide's `CREATE USER halcytone_user … CONNECTION
 * LIMIT 50` with grants on the database, the public schema and its tables, and nothing more: not a superuser,
 * no CREATEROLE or CREATEDB, no replication or RLS bypass, no membership in roles that carry those.
 */
import 'server-only';
import { z } from 'zod';
import { query } from '../../pg/client';
import { bool, int, textArray } from '../../pg/rows';
import { GUIDE_TABLES } from '../guide-schema';
import { worstStatus, type Evidence, type EvidenceFact } from '../types';

const roleRow = z.object({
  superuser: bool,
  createRole: bool,
  createDb: bool,
  replication: bool,
  bypassRls: bool,
  connectionLimit: int,
  canLogin: bool,
  /** Roles it inherits from that are superusers or may create roles or databases. */
  powerfulParents: textArray,
  connect: bool,
  schemaUsage: bool,
  /** Of the six tables, those it cannot SELECT, INSERT, UPDATE and DELETE. */
  tablesMissingGrants: textArray,
});

export async function checkAppRolePrivileges(roleName: string, maxConnectionLimit: number): Promise<Evidence> {
  const [role] = await query(
    roleRow,
    `SELECT r.rolsuper AS superuser, r.rolcreaterole AS "createRole", r.rolcreatedb AS "createDb", r.rolreplication AS replication,
            r.rolbypassrls AS "bypassRls", r.rolconnlimit AS "connectionLimit", r.rolcanlogin AS "canLogin",
            ARRAY(SELECT p.rolname::text FROM pg_roles p WHERE p.oid <> r.oid AND pg_has_role(r.oid, p.oid, 'USAGE')
                    AND (p.rolsuper OR p.rolcreaterole OR p.rolcreatedb) ORDER BY 1) AS "powerfulParents",
            has_database_privilege(r.oid, current_database(), 'CONNECT') AS connect,
            has_schema_privilege(r.oid, 'public', 'USAGE') AS "schemaUsage",
            ARRAY(SELECT t FROM unnest($2::text[]) AS t
                  WHERE to_regclass('public.' || quote_ident(t)) IS NULL
                     OR NOT has_table_privilege(r.oid, to_regclass('public.' || quote_ident(t)), 'SELECT,INSERT,UPDATE,DELETE')
                  ORDER BY 1) AS "tablesMissingGrants"
     FROM pg_roles r WHERE r.rolname = $1`,
    [roleName, GUIDE_TABLES.map((table) => table.name)],
  );
  if (!role) {
    return {
      status: 'fail',
      summary: `The application role ${roleName} does not exist (set APP_DB_ROLE to the role the application connects as).`,
      facts: [{ label: 'Role', value: `${roleName} not found`, status: 'fail' }],
    };
  }
  const flag = (label: string, on: boolean): EvidenceFact => ({
    label,
    value: on ? 'yes' : 'no',
    status: on ? 'fail' : 'pass',
  });
  const limit = role.connectionLimit;
  const facts: EvidenceFact[] = [
    flag('Superuser', role.superuser),
    flag('CREATEROLE', role.createRole),
    flag('CREATEDB', role.createDb),
    flag('REPLICATION', role.replication),
    flag('BYPASSRLS', role.bypassRls),
    {
      label: 'Member of powerful roles',
      value: role.powerfulParents.length ? role.powerfulParents.join(', ') : 'none',
      status: role.powerfulParents.length ? 'fail' : 'pass',
    },
    {
      label: 'Connection limit',
      value: limit < 0 ? 'unlimited' : String(limit),
      status: limit < 0 || limit > maxConnectionLimit ? 'fail' : limit === 0 ? 'warn' : 'pass',
    },
    { label: 'Can log in', value: role.canLogin ? 'yes' : 'no', status: role.canLogin ? 'pass' : 'warn' },
    {
      label: 'CONNECT on the database',
      value: role.connect ? 'granted' : 'missing',
      status: role.connect ? 'pass' : 'fail',
    },
    {
      label: 'USAGE on schema public',
      value: role.schemaUsage ? 'granted' : 'missing',
      status: role.schemaUsage ? 'pass' : 'fail',
    },
    {
      label: 'SELECT, INSERT, UPDATE, DELETE on the six tables',
      value: role.tablesMissingGrants.length ? `missing on ${role.tablesMissingGrants.join(', ')}` : 'granted',
      status: role.tablesMissingGrants.length ? 'fail' : 'pass',
    },
  ];
  const status = worstStatus(facts.map((fact) => fact.status!));
  const failing = facts.filter((fact) => fact.status === 'fail').map((fact) => `${fact.label}: ${fact.value}`);
  const summary =
    status === 'fail'
      ? `${roleName} has more (or less) than the application needs — ${failing.join('; ')}.`
      : status === 'warn'
        ? `${roleName} is limited, with a caution: ${facts
            .filter((f) => f.status === 'warn')
            .map((f) => `${f.label}: ${f.value}`)
            .join('; ')}.`
        : `${roleName} is an ordinary login role with a connection limit of ${limit} and exactly the grants the application uses.`;
  return { status, summary, facts };
}
