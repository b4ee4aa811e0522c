/** The tags field of the target forms: comma- or space-separated tags, each checked (lib/targets/target-tags.ts). */
import { z } from 'zod';
import { parseTagList, TargetTagsError } from '../../targets/target-tags';

export const tagsField = z
  .string()
  .max(500, 'That is too many tags: a target may have at most 8.')
  .transform((text, context) => {
    try {
      return parseTagList(text);
    } catch (error) {
      if (!(error instanceof TargetTagsError)) throw error;
      context.addIssue({
        code: 'custom',
        message: `${error.message.charAt(0).toUpperCase()}${error.message.slice(1)}.`,
      });
      return z.NEVER;
    }
  });
