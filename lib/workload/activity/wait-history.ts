/**
 * Reads of the active session history (console.activity_minute, console.activity_sample): average active sessions
 * by wait class per time bucket over a window, and what is behind one wait class — its wait events, statements
 * (text from console.statement_text, which the statement history fills, where it holds the queryid) and users.
 * Averages are over every sample of the window: session samples ÷ samples.
 */
import 'server-only';
import { z } from 'zod';
import { getPrisma } from '../../db';
import { float, int, parseRows, text } from '../../pg/rows';
import type { TimeWindow } from '../window';
import { bucketMsFor, toWaitClassSeries, windowStart, type WaitClassSeries } from './wait-class-series';

/** Rows of each drill-down list. */
const DRILL_DOWN_ROWS = 20;

/** The window's buckets, from its start moved back to a bucket boundary (windowStart) to its end. */
export async function getWaitClassSeries(
  target: string,
  window: Pick<TimeWindow, 'from' | 'to'>,
): Promise<WaitClassSeries> {
  const start = windowStart(window);
  const end = window.to;
  const bucketMs = bucketMsFor(window);
  const bucketSeconds = bucketMs / 1000;
  const prisma = getPrisma();
  // Buckets as epoch milliseconds, computed in SQL so the minute rows are summed on the server.
  const [sessions, samples] = await Promise.all([
    prisma.$queryRaw`
      SELECT
        (floor(extract(epoch FROM minute) / ${bucketSeconds}) * ${bucketSeconds} * 1000)::float8 AS bucket,
        wait_class AS "waitClass",
        sum(sessions)::float8 AS sessions
      FROM console.activity_minute
      WHERE target = ${target} AND minute >= ${start} AND minute < ${end}
      GROUP BY 1, 2`,
    prisma.$queryRaw`
      SELECT
        (floor(extract(epoch FROM minute) / ${bucketSeconds}) * ${bucketSeconds} * 1000)::float8 AS bucket,
        sum(samples)::float8 AS samples
      FROM console.activity_sample
      WHERE target = ${target} AND minute >= ${start} AND minute < ${end}
      GROUP BY 1`,
  ]);
  return toWaitClassSeries(
    parseRows(z.object({ bucket: float, waitClass: text, sessions: float }), sessions),
    parseRows(z.object({ bucket: float, samples: float }), samples),
    start,
    end,
    bucketMs,
  );
}

const drillDownRow = z.object({
  /** The wait event, the queryid (as text) or the user; null where none was recorded. */
  key: text.nullable(),
  /** Average active sessions over the window's samples. */
  average: float,
});

const statementRow = drillDownRow.extend({ query: text.nullable() });

export type WaitDrillDownRow = z.output<typeof drillDownRow>;
export type WaitStatementRow = z.output<typeof statementRow>;

export interface WaitClassDrillDown {
  waitClass: string;
  events: WaitDrillDownRow[];
  statements: WaitStatementRow[];
  users: WaitDrillDownRow[];
}

/**
 * The wait events, statements and users behind one wait class in the window, the busiest first: over the minutes the
 * chart reads (windowStart to the end), so they share the class table's denominator and add up to its average.
 */
export async function getWaitClassDrillDown(
  target: string,
  window: Pick<TimeWindow, 'from' | 'to'>,
  waitClass: string,
): Promise<WaitClassDrillDown> {
  const start = windowStart(window);
  const end = window.to;
  const prisma = getPrisma();
  const samples = parseRows(
    z.object({ samples: int }),
    await prisma.$queryRaw`
      SELECT coalesce(sum(samples), 0)::int AS samples
      FROM console.activity_sample
      WHERE target = ${target} AND minute >= ${start} AND minute < ${end}`,
  )[0].samples;
  const denominator = Math.max(samples, 1);
  const [events, statements, users] = await Promise.all([
    prisma.$queryRaw`
      SELECT wait_event AS key, sum(sessions)::float8 / ${denominator} AS average
      FROM console.activity_minute
      WHERE target = ${target} AND minute >= ${start} AND minute < ${end} AND wait_class = ${waitClass}
      GROUP BY 1
      ORDER BY 2 DESC, 1
      LIMIT ${DRILL_DOWN_ROWS}`,
    prisma.$queryRaw`
      SELECT m.queryid::text AS key, m.average, t.query
      FROM (
        SELECT queryid, sum(sessions)::float8 / ${denominator} AS average
        FROM console.activity_minute
        WHERE target = ${target} AND minute >= ${start} AND minute < ${end} AND wait_class = ${waitClass}
        GROUP BY 1
        ORDER BY 2 DESC, 1
        LIMIT ${DRILL_DOWN_ROWS}
      ) AS m
      LEFT JOIN console.statement_text t ON t.target = ${target} AND t.queryid = m.queryid
      ORDER BY m.average DESC, m.queryid`,
    prisma.$queryRaw`
      SELECT username AS key, sum(sessions)::float8 / ${denominator} AS average
      FROM console.activity_minute
      WHERE target = ${target} AND minute >= ${start} AND minute < ${end} AND wait_class = ${waitClass}
      GROUP BY 1
      ORDER BY 2 DESC, 1
      LIMIT ${DRILL_DOWN_ROWS}`,
  ]);
  return {
    waitClass,
    events: parseRows(drillDownRow, events),
    statements: parseRows(statementRow, statements),
    users: parseRows(drillDownRow, users),
  };
}
