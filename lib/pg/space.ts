/**
 * Disk space: database size (the guide's "Database size" query).
 */
import 'server-only';
import { queryOne } from './client';

export interface DatabaseSize {
  name: string;
  sizeBytes: number;
}

export async function getDatabaseSize(): Promise<DatabaseSize> {
  return queryOne<DatabaseSize>(`
    SELECT
      current_database() AS "name",
      pg_database_size(current_database())::float8 AS "sizeBytes"
  `);
}
