/**
 * What the change timeline compares between two visits (lib/workload/changes): the server's settings as a new
 * session would get them, when the server started, when its statistics were last reset, and whether it is a
 * replica. Small reads of catalog views; none needs superuser (pg_settings shows every parameter's value to
 * pg_monitor members, pg_read_all_settings included).
 */
import 'server-only';
import { z } from 'zod';
import { query, queryOne } from './client';
import { bool, text, timestamp } from './rows';
import { getStatementsAvailability, isAtLeast } from './statements';

const settingValueRow = z.object({
  name: text,
  setting: text.nullable(),
  unit: text.nullable(),
  /** Where the value comes from: default, configuration file, command line, database, user… */
  source: text,
  /** Changed in the file (or by ALTER SYSTEM) and reloaded, but needs a restart to take effect (9.5+). */
  pendingRestart: bool,
});
export type SettingValue = z.output<typeof settingValueRow>;

/**
 * Parameters whose value may carry a credential: a replica's primary_conninfo holds a password, and the archive,
 * restore and passphrase commands can embed keys (lib/pg/archiver.ts shows no archive_command for that reason). Their
 * value never leaves the server: a short md5 of it stands in, so a change is still seen and nothing is revealed.
 */
const SECRET_SETTING = `(name LIKE '%conninfo%' OR name LIKE '%command%' OR name LIKE '%password%' OR name LIKE '%secret%')`;

/** The columns of settingValueRow, a secret value as a hash. */
const SETTING_COLUMNS = `
  name,
  CASE WHEN ${SECRET_SETTING} AND setting <> '' THEN 'hidden (md5 ' || left(md5(setting), 8) || ')' ELSE setting END AS setting,
  unit,
  source,
  pending_restart AS "pendingRestart"`;

const SETTINGS_OF_SERVER = `FROM pg_settings WHERE source NOT IN ('client', 'session')`;

/**
 * Every server parameter and its value (a secret one as a hash, see SECRET_SETTING). Values this session set for
 * itself (source "client" — the console's own timeouts and application_name are startup parameters — or "session")
 * are left out: they say what the console asked for, not how the server is configured, and would hide the server's
 * value anyway.
 */
export async function listSettingValues(): Promise<SettingValue[]> {
  // pg_settings: PostgreSQL docs, "System Views", pg_settings (pending_restart since 9.5).
  return query(settingValueRow, `SELECT ${SETTING_COLUMNS} ${SETTINGS_OF_SERVER} ORDER BY name`);
}

const serverStateRow = z.object({
  startedAt: timestamp,
  inRecovery: bool,
  /** pg_stat_database.stats_reset of this database: null until its statistics were first reset. */
  databaseStatsReset: timestamp.nullable(),
  /**
   * An md5 of every row listSettingValues would return: equal to the last check's, the settings are unchanged and
   * need not be read again (about 350 rows a target; most of the change check's cost at a thousand targets).
   */
  settingsFingerprint: text,
});

export interface ServerChangeState extends z.output<typeof serverStateRow> {
  /**
   * pg_stat_statements_info.stats_reset (extension 1.9, PostgreSQL 14+); null before, or when the extension is
   * not created and preloaded here (its view errors without the preload).
   */
  statementsStatsReset: Date | null;
}

/**
 * When the server started, whether it is a replica, when this database's statistics were last reset, and a
 * fingerprint of its settings.
 */
export async function getServerChangeState(): Promise<ServerChangeState> {
  const [state, statements] = await Promise.all([
    // pg_postmaster_start_time() and pg_is_in_recovery(): PostgreSQL docs, "System Information Functions" and
    // "Recovery Control Functions".
    queryOne(
      serverStateRow,
      `
      SELECT
        pg_postmaster_start_time() AS "startedAt",
        pg_is_in_recovery() AS "inRecovery",
        (SELECT stats_reset FROM pg_stat_database WHERE datname = current_database()) AS "databaseStatsReset",
        (SELECT md5(string_agg(s::text, chr(30) ORDER BY s.name))
         FROM (SELECT ${SETTING_COLUMNS} ${SETTINGS_OF_SERVER}) AS s) AS "settingsFingerprint"
    `,
    ),
    getStatementsAvailability(),
  ]);
  const hasInfo =
    statements.created && statements.preloaded && statements.version !== null && isAtLeast(statements.version, [1, 9]);
  const statementsStatsReset = hasInfo
    ? (
        await queryOne(
          z.object({ reset: timestamp.nullable() }),
          'SELECT stats_reset AS "reset" FROM pg_stat_statements_info',
        )
      ).reset
    : null;
  return { ...state, statementsStatsReset };
}
