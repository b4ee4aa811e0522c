/** The timeline's keyset position in the URL (`?after=<epoch ms>~<entry id>`), for pages and links alike. Pure. */
import { z } from 'zod';

/** The next page's position: the last entry's time (to the millisecond) and id. */
export interface TimelineCursor {
  at: Date;
  id: string;
}

export const timelineCursorSchema = z
  .string()
  .regex(/^\d{1,15}~[a-z]+:\d{1,20}(:[a-z]+)?$/)
  .transform((value): TimelineCursor => {
    const [ms, id] = value.split('~');
    return { at: new Date(Number(ms)), id };
  });

export function timelineCursorParam(cursor: TimelineCursor): string {
  return `${cursor.at.getTime()}~${cursor.id}`;
}
