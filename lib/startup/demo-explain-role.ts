/**
 * The embedded demo's EXPLAIN role. EXPLAIN ANALYZE runs a listed statement as a role that is not a superuser
 * (EXPLAIN_ROLE, else APP_DB_ROLE; lib/pg/explain.ts). A production server names its own; the demo database has
 * neither, so `npm start` makes one that may only read the six tables, and ANALYZE works on first start.
 */
import { TABLE_NAMES } from '../tables/registry';

export const DEMO_EXPLAIN_ROLE = 'halcytone_explain';

/** Creates the role when missing (NOLOGIN: nobody signs in as it) and lets it read the six tables. Idempotent. */
export async function prepareDemoExplainRole(pool: { query(text: string): Promise<unknown> }): Promise<void> {
  // Both names are constants of this codebase (the role above, the table registry), never input.
  await pool.query(`
    DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${DEMO_EXPLAIN_ROLE}') THEN CREATE ROLE ${DEMO_EXPLAIN_ROLE} NOLOGIN; END IF;
    END $$`);
  await pool.query(`GRANT SELECT ON ${TABLE_NAMES.join(', ')} TO ${DEMO_EXPLAIN_ROLE}`);
}
