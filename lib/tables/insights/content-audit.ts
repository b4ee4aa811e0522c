/** Content operations over time: how many of each operation per day. */
import 'server-only';
import { z } from 'zod';
import { query } from '../../pg/client';
import { int, text } from '../../pg/rows';

const operationsByDayRow = z.object({ day: text, operation: text, count: int });

export async function getOperationsByDay(days = 30): Promise<z.output<typeof operationsByDayRow>[]> {
  return query(
    operationsByDayRow,
    `SELECT to_char(date_trunc('day', "timestamp"), 'YYYY-MM-DD') AS "day", operation, count(*) AS "count"
     FROM content_audit WHERE "timestamp" >= localtimestamp - make_interval(days => $1)
     GROUP BY 1, 2 ORDER BY 1, 2`,
    [days],
  );
}
