/**
 * The server's settings as the checklist and the Settings pages read them: pg_settings and current_setting(), the
 * database's encoding, pg_hba.conf's rules and the TLS sessions pg_stat_ssl shows. Checks judge what these return
 * (lib/checklist/checks/*); they hold no SQL of their own.
 */
import 'server-only';
import { z } from 'zod';
import { query, queryOne } from './client';
import { bool, int, text, textArray, type TransactionRunner } from './rows';

const settingRow = z.object({ name: text, setting: text, unit: text.nullable() });

/** The named settings from pg_settings, with their units (a name the server does not know is left out). */
export async function findSettingsByName(names: readonly string[]): Promise<z.output<typeof settingRow>[]> {
  return query(settingRow, 'SELECT name, setting, unit FROM pg_settings WHERE name = ANY($1)', [names]);
}

export async function getMaxConnections(): Promise<number> {
  const { maxConnections } = await queryOne(
    z.object({ maxConnections: int }),
    `SELECT current_setting('max_connections') AS "maxConnections"`,
  );
  return maxConnections;
}

export async function getListenAddresses(): Promise<string> {
  const { listen } = await queryOne(
    z.object({ listen: text }),
    "SELECT setting AS listen FROM pg_settings WHERE name = 'listen_addresses'",
  );
  return listen;
}

const encodingRow = z.object({ database: text, encoding: text, collate: text, ctype: text });
export type DatabaseEncoding = z.output<typeof encodingRow>;

/** The current database's encoding and locale, as CREATE DATABASE set them. */
export async function getDatabaseEncoding(): Promise<DatabaseEncoding> {
  return queryOne(
    encodingRow,
    `SELECT datname AS database, pg_encoding_to_char(encoding) AS encoding, datcollate AS collate, datctype AS ctype
     FROM pg_database WHERE datname = current_database()`,
  );
}

const hbaRuleRow = z.object({
  line: int,
  type: text,
  database: textArray,
  users: textArray,
  address: text.nullable(),
  netmask: text.nullable(),
  method: text,
});
export type HbaRule = z.output<typeof hbaRuleRow>;

/**
 * pg_hba.conf's rules that parse, in file order. pg_hba_file_rules is readable only by superusers unless granted:
 * without the grant this fails with insufficient_privilege.
 */
export async function findValidHbaRules(): Promise<HbaRule[]> {
  return query(
    hbaRuleRow,
    `SELECT line_number AS line, type, database, user_name AS users, address, netmask, auth_method AS method
     FROM pg_hba_file_rules WHERE error IS NULL ORDER BY line_number`,
  );
}

const sslSettingsRow = z.object({ ssl: text, minProtocol: text });
const sslSessionsRow = z.object({ encrypted: bool, version: text.nullable(), count: int });
const ownSslRow = z.object({ encrypted: bool, version: text.nullable(), cipher: text.nullable() });

export interface SslReport {
  ssl: string;
  minProtocol: string;
  /** Client sessions by encryption and TLS version. */
  sessions: z.output<typeof sslSessionsRow>[];
  /** This console's own monitoring session. */
  own: z.output<typeof ownSslRow>;
}

/** The TLS settings and who uses TLS. `run` defaults to the monitoring runner; tests pass a connection to another server. */
export async function getSslReport(run: TransactionRunner = query): Promise<SslReport> {
  const [settings] = await run(
    sslSettingsRow,
    `SELECT current_setting('ssl') AS ssl, current_setting('ssl_min_protocol_version') AS "minProtocol"`,
  );
  const sessions = await run(
    sslSessionsRow,
    `SELECT COALESCE(s.ssl, false) AS encrypted, s.version, count(*) AS count
     FROM pg_stat_activity a LEFT JOIN pg_stat_ssl s ON s.pid = a.pid
     WHERE a.backend_type = 'client backend' AND a.client_addr IS NOT NULL -- TCP sessions; TLS does not apply to Unix sockets
     GROUP BY 1, 2 ORDER BY 1 DESC, 2`,
  );
  const [own] = await run(
    ownSslRow,
    `SELECT COALESCE(ssl, false) AS encrypted, version, cipher FROM pg_stat_ssl WHERE pid = pg_backend_pid()`,
  );
  return { ...settings, sessions, own };
}
