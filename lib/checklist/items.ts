/**
 * The guide's "Production Checklist", twelve items, each with the check that gathers its evidence
 * (lib/checklist/checks/). The order and meaning are the guide's; the ids are stable keys for sign-offs.
 */
import 'server-only';
import { getDatabaseConnection, type Env } from '../env';
import { checkBackups } from './checks/backups';
import { checkConnection } from './checks/connection';
import { checkEncoding } from './checks/encoding';
import { checkFirewall } from './checks/firewall';
import { checkMonitoring } from './checks/monitoring';
import { checkPooling } from './checks/pooling';
import { checkAppRolePrivileges } from './checks/privileges';
import { judgeReplicas, loadReplication } from './checks/replicas';
import { checkSchema } from './checks/schema';
import { checkSecrets } from './checks/secrets';
import { getSslReport } from '../pg/settings';
import { judgeSsl } from './checks/ssl';
import { checkTuning } from './checks/tuning';
import type { Evidence } from './types';

export const CHECKLIST_ITEM_IDS = [
  'encoding',
  'app-privileges',
  'schema',
  'ssl',
  'pooling',
  'backups',
  'monitoring',
  'replicas',
  'tuning',
  'firewall',
  'secrets',
  'connection',
] as const;
export type ChecklistItemId = (typeof CHECKLIST_ITEM_IDS)[number];

export interface ChecklistItem {
  id: ChecklistItemId;
  number: number;
  title: string;
  /** Where the full report behind the evidence lives, if it has a page of its own. */
  reportHref?: string;
  /** Items the guide marks "if needed": a "not needed" statement with a reason makes them not applicable. */
  mayBeNotNeeded?: boolean;
  check: (env: Env) => Promise<Evidence> | Evidence;
}

export const CHECKLIST_ITEMS: readonly ChecklistItem[] = [
  { id: 'encoding', number: 1, title: 'Database created with UTF-8 encoding', check: () => checkEncoding() },
  {
    id: 'app-privileges',
    number: 2,
    title: 'Application user with limited privileges',
    reportHref: '/settings/privileges',
    check: (env) => checkAppRolePrivileges(env.APP_DB_ROLE, env.APP_DB_MAX_CONNECTION_LIMIT),
  },
  { id: 'schema', number: 3, title: 'All required tables and indexes created', check: () => checkSchema() },
  {
    id: 'ssl',
    number: 4,
    title: 'SSL/TLS enabled and verified',
    reportHref: '/settings/ssl',
    check: async (env) => judgeSsl(await getSslReport(), getDatabaseConnection(env)),
  },
  {
    id: 'pooling',
    number: 5,
    title: 'Connection pooling configured (application or PgBouncer)',
    reportHref: '/settings/pooling',
    check: (env) => checkPooling(env),
  },
  {
    id: 'backups',
    number: 6,
    title: 'Backup automation configured and tested',
    reportHref: '/backups',
    check: (env) => checkBackups(env.CHECK_BACKUP_MAX_AGE_HOURS),
  },
  {
    id: 'monitoring',
    number: 7,
    title: 'Monitoring and alerts configured',
    reportHref: '/history',
    check: (env) => checkMonitoring(env),
  },
  {
    id: 'replicas',
    number: 8,
    title: 'Read replicas configured (if needed)',
    reportHref: '/settings/replication',
    mayBeNotNeeded: true,
    check: async (env) => judgeReplicas(await loadReplication(), env.ALERT_REPLICATION_LAG_SECONDS),
  },
  {
    id: 'tuning',
    number: 9,
    title: 'Performance tuning applied',
    reportHref: '/settings/tuning',
    check: (env) => checkTuning(env),
  },
  {
    id: 'firewall',
    number: 10,
    title: 'Firewall rules configured (database reachable only from the application servers)',
    check: () => checkFirewall(),
  },
  { id: 'secrets', number: 11, title: 'Credentials stored in a secrets manager', check: (env) => checkSecrets(env) },
  {
    id: 'connection',
    number: 12,
    title: 'Connection strings tested from the production environment',
    check: (env) => checkConnection(env),
  },
];

export function findChecklistItem(id: string): ChecklistItem | undefined {
  return CHECKLIST_ITEMS.find((item) => item.id === id);
}
