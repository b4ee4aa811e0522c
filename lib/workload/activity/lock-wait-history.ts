/**
 * Lock-wait episodes of a window (console.lock_wait_episode), newest first, a page at a time: keyset paging on
 * (first_seen, id), so a page deep in a busy week costs what the first one does.
 */
import 'server-only';
import { z } from 'zod';
import { getPrisma } from '../../db';
import type { BlockingNode } from '../../monitoring/blocking-tree';
import { float, int, json, parseRows, parseStored, text, timestamp } from '../../pg/rows';
import type { TimeWindow } from '../window';

export const EPISODES_PER_PAGE = 20;

const blockingNodeSchema: z.ZodType<BlockingNode> = z.lazy(() =>
  z.object({
    pid: z.number().int(),
    user: z.string().nullable(),
    query: z.string(),
    waitsFor: z
      .object({ lockMode: z.string().nullable(), relation: z.string().nullable(), waitingSeconds: z.number() })
      .optional(),
    blocks: z.array(blockingNodeSchema),
  }),
);

const episodeRow = z.object({
  id: text,
  firstSeen: timestamp,
  lastSeen: timestamp,
  samples: int,
  maxWaiting: int,
  maxWaitSeconds: float,
  rootPid: int,
  rootUser: text.nullable(),
  tree: json,
});

export interface LockWaitEpisode extends Omit<z.output<typeof episodeRow>, 'tree'> {
  tree: BlockingNode;
}

/** Where a page starts: after the episode (first seen, id) the previous page ended with. */
export const episodeCursorSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z_\d{1,18}$/)
  .transform((value) => {
    const [firstSeen, id] = value.split('_');
    return { firstSeen: new Date(firstSeen), id };
  });
export type EpisodeCursor = z.output<typeof episodeCursorSchema>;

export function episodeCursorOf(episode: Pick<LockWaitEpisode, 'firstSeen' | 'id'>): string {
  return `${episode.firstSeen.toISOString()}_${episode.id}`;
}

export interface LockWaitEpisodePage {
  episodes: LockWaitEpisode[];
  /** The cursor of the next (older) page; null on the last. */
  next: string | null;
}

/**
 * Episodes seen in the window — first seen before its end and last seen at or after its start, so one that began
 * before a dragged range and went on into it is listed — newest first, after `cursor`.
 */
export async function listLockWaitEpisodes(
  target: string,
  window: Pick<TimeWindow, 'from' | 'to'>,
  cursor: EpisodeCursor | null = null,
): Promise<LockWaitEpisodePage> {
  const rows = parseRows(
    episodeRow,
    await getPrisma().$queryRaw`
      SELECT
        id::text AS id,
        first_seen AS "firstSeen",
        last_seen AS "lastSeen",
        samples,
        max_waiting AS "maxWaiting",
        max_wait_seconds::float8 AS "maxWaitSeconds",
        root_pid AS "rootPid",
        root_user AS "rootUser",
        tree
      FROM console.lock_wait_episode
      WHERE target = ${target}
        AND last_seen >= ${window.from}
        AND first_seen < ${window.to}
        AND (
          ${cursor === null}::boolean
          OR (first_seen, id) < (${cursor?.firstSeen ?? null}::timestamptz, ${cursor?.id ?? null}::bigint)
        )
      ORDER BY first_seen DESC, id DESC
      LIMIT ${EPISODES_PER_PAGE + 1}`,
  );
  const episodes = rows.slice(0, EPISODES_PER_PAGE).map(({ tree, ...row }) => ({
    ...row,
    tree: parseStored(blockingNodeSchema, tree, `Lock-wait episode ${row.id}`),
  }));
  return {
    episodes,
    next: rows.length > EPISODES_PER_PAGE ? episodeCursorOf(episodes[episodes.length - 1]) : null,
  };
}
