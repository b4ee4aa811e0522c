/**
 * The embedded demo's EXPLAIN role. Explain and EXPLAIN ANALYZE plan and run a listed statement as a role that is
 * not a superuser and cannot log in (EXPLAIN_ROLE, else APP_DB_ROLE; lib/pg/explain.ts). A production server names
 * its own; the demo database has neither, so `npm start` makes one, and both work on first start.
 */
import { TABLE_NAMES } from '../tables/registry';

export const DEMO_EXPLAIN_ROLE = 'halcytone_explain';

/** Creates the role when missing (NOLOGIN: nobody signs in as it, so it has no sessions to signal) and grants it the six tables. Idempotent. */
export async function prepareDemoExplainRole(pool: { query(text: string): Promise<unknown> }): Promise<void> {
  // Both names are constants of this codebase (the role above, the table registry), never input.
  await pool.query(`
    DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${DEMO_EXPLAIN_ROLE}') THEN CREATE ROLE ${DEMO_EXPLAIN_ROLE} NOLOGIN; END IF;
    END $$`);
  // INSERT, UPDATE and DELETE too: plain EXPLAIN checks a statement's table privileges as the role even though it
  // runs nothing, so explaining a listed write needs them. They can never be used to write: the role cannot log in,
  // only the console's role is a member, and the console uses it only inside read-only transactions that are
  // rolled back (and EXPLAIN ANALYZE refuses writes outright).
  await pool.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ${TABLE_NAMES.join(', ')} TO ${DEMO_EXPLAIN_ROLE}`);
}
