/** Content operations over time: how many of each operation per day. */
import 'server-only';
import { query } from '../../pg/client';

export async function findOperationsByDay(days = 30): Promise<{ day: string; operation: string; count: number }[]> {
  return query(
    `SELECT to_char(date_trunc('day', "timestamp"), 'YYYY-MM-DD') AS "day", operation, count(*)::int AS "count"
     FROM content_audit WHERE "timestamp" >= localtimestamp - make_interval(days => $1)
     GROUP BY 1, 2 ORDER BY 1, 2`,
    [days],
  );
}
