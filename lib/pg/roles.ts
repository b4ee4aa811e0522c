/**
 * What a database role may do: its attributes, the powerful roles it inherits from, and its grants on the database,
 * the public schema and the given tables — for the checklist's application-role item (lib/checklist/checks/privileges.ts).
 */
import 'server-only';
import { z } from 'zod';
import { query } from './client';
import { bool, int, textArray } from './rows';

const rolePrivilegesRow = z.object({
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
  /** Of `tables`, those it cannot SELECT, INSERT, UPDATE and DELETE (or that do not exist). */
  tablesMissingGrants: textArray,
});
export type RolePrivileges = z.output<typeof rolePrivilegesRow>;

/** The privileges of `roleName` on the current database and `tables` of schema public, or null without that role. */
export async function findRolePrivileges(roleName: string, tables: readonly string[]): Promise<RolePrivileges | null> {
  const [role] = await query(
    rolePrivilegesRow,
    `SELECT r.rolsuper AS superuser, r.rolcreaterole AS "createRole", r.rolcreatedb AS "createDb", r.rolreplication AS replication,
            r.rolbypassrls AS "bypassRls", r.rolconnlimit AS "connectionLimit", r.rolcanlogin AS "canLogin",
            ARRAY(SELECT p.rolname::text FROM pg_roles p WHERE p.oid <> r.oid AND pg_has_role(r.oid, p.oid, 'USAGE')
                    AND (p.rolsuper OR p.rolcreaterole OR p.rolcreatedb) ORDER BY 1) AS "powerfulParents",
            has_database_privilege(r.oid, current_database(), 'CONNECT') AS connect,
            has_schema_privilege(r.oid, 'public', 'USAGE') AS "schemaUsage",
            -- has_table_privilege with several privileges is true when ANY is held (PostgreSQL docs, "Access
            -- Privilege Inquiry Functions"): each is asked on its own, so a table with SELECT alone is missing grants.
            ARRAY(SELECT t FROM unnest($2::text[]) AS t, LATERAL (SELECT to_regclass('public.' || quote_ident(t)) AS rel) AS c
                  WHERE c.rel IS NULL
                     OR NOT (SELECT bool_and(has_table_privilege(r.oid, c.rel, p))
                             FROM unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE']) AS p)
                  ORDER BY 1) AS "tablesMissingGrants"
     FROM pg_roles r WHERE r.rolname = $1`,
    [roleName, tables],
  );
  return role ?? null;
}
