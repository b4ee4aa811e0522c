/** The server's settings as lib/pg/settings.ts reads them, each equal to what SQL says on the test server. */
import { describe, expect, it } from 'vitest';
import {
  findSettingsByName,
  findValidHbaRules,
  getDatabaseEncoding,
  getListenAddresses,
  getMaxConnections,
  getSslReport,
} from '@/lib/pg/settings';
import { sqlValue, withClient } from '../support/sql';

const rowsOf = <T>(text: string, values: unknown[] = []) =>
  withClient(async (client) => (await client.query(text, values)).rows as T[]);

describe('settings', () => {
  it('finds the named settings with their units, and leaves out a name the server does not know', async () => {
    const names = ['shared_buffers', 'work_mem', 'random_page_cost', 'no_such_setting'];
    const reported = await findSettingsByName(names);
    const expected = await rowsOf<{ name: string; setting: string; unit: string | null }>(
      'SELECT name, setting, unit FROM pg_settings WHERE name = ANY($1)',
      [names],
    );
    expect(reported).toHaveLength(3);
    expect(reported.toSorted((a, b) => a.name.localeCompare(b.name))).toEqual(
      expected.toSorted((a, b) => a.name.localeCompare(b.name)),
    );
    expect(reported.find((setting) => setting.name === 'shared_buffers')?.unit).toBe('8kB');
  });

  it('reads max_connections and listen_addresses as the server has them', async () => {
    expect(await getMaxConnections()).toBe(Number(await sqlValue<string>('SHOW max_connections')));
    expect(await getListenAddresses()).toBe(await sqlValue<string>('SHOW listen_addresses'));
  });

  it("reads the database's encoding and locale", async () => {
    const [expected] = await rowsOf<{ database: string; encoding: string; collate: string; ctype: string }>(
      `SELECT datname AS database, pg_encoding_to_char(encoding) AS encoding, datcollate AS collate, datctype AS ctype
       FROM pg_database WHERE datname = current_database()`,
    );
    expect(await getDatabaseEncoding()).toEqual(expected);
  });

  it("lists pg_hba.conf's valid rules in file order", async () => {
    const rules = await findValidHbaRules();
    const expected = await rowsOf<{ line: number; method: string }>(
      'SELECT line_number AS line, auth_method AS method FROM pg_hba_file_rules WHERE error IS NULL ORDER BY line_number',
    );
    expect(rules.length).toBeGreaterThan(0);
    expect(rules.map(({ line, method }) => ({ line, method }))).toEqual(expected);
  });

  it("reports TLS settings and this console's own session as pg_stat_ssl has them", async () => {
    const report = await getSslReport();
    expect(report.ssl).toBe(await sqlValue<string>('SHOW ssl'));
    expect(report.minProtocol).toBe(await sqlValue<string>('SHOW ssl_min_protocol_version'));
    // PG_MONITOR_POOL_MAX is 1 in tests: the console has exactly one session.
    const own = await sqlValue<boolean>(
      `SELECT COALESCE(s.ssl, false) FROM pg_stat_activity a LEFT JOIN pg_stat_ssl s ON s.pid = a.pid
       WHERE a.application_name = 'halcytone-console' AND a.datname = current_database()`,
    );
    expect(report.own.encrypted).toBe(own);
  });
});
