/**
 * Item 2: the application role has limited privileges — the guide's `CREATE USER halcytone_user … CONNECTION
 * LIMIT 50` with grants on the database, the public schema and its tables, and nothing more: not a superuser,
 * no CREATEROLE or CREATEDB, no replication or RLS bypass, no membership in roles that carry those.
 */
import 'server-only';
import { findRolePrivileges } from '../../pg/roles';
import { GUIDE_TABLES } from '../guide-schema';
import { worstStatus, type Evidence, type EvidenceFact } from '../types';

export async function checkAppRolePrivileges(roleName: string, maxConnectionLimit: number): Promise<Evidence> {
  const role = await findRolePrivileges(
    roleName,
    GUIDE_TABLES.map((table) => table.name),
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
