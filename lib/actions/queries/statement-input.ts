/** The fields the Queries page's EXPLAIN actions share: a listed statement's queryid and the ANALYZE values. */
import { z } from 'zod';

export const queryIdSchema = z.string().regex(/^-?\d{1,20}$/, 'Choose a statement from the list.');

/** One value per $n; PostgreSQL caps a statement at 65,535 parameters, a typed form far below. */
export const explainParametersSchema = z
  .array(z.string().max(10_000, 'A value has at most 10,000 characters.'), 'Values must be a list of texts.')
  .max(100, 'At most 100 values can be typed.')
  .default([]);
