/** Record ids arrive as decimal strings (BigInt does not cross the server-action boundary). */
import { z } from 'zod';

export const recordId = (what: string) =>
  z.string(`Choose a ${what}.`).regex(/^[1-9][0-9]{0,17}$/, `That is not a ${what} id.`);
