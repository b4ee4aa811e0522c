'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { requireRole } from '../../auth/session';
import { addManagedTarget, type ManagedTargetView } from '../../targets/managed-targets';
import { TARGET_NAME_PATTERN } from '../../targets/target-list';
import { parseTagList, TargetTagsError } from '../../targets/target-tags';
import { invalidInput, toActionFailure, type ActionResult } from '../result';

const addTargetSchema = z.object({
  name: z
    .string()
    .trim()
    .regex(TARGET_NAME_PATTERN, 'Use 1–40 lower-case letters, digits, "-" or "_", starting with a letter.'),
  url: z.string().trim().min(1, 'Enter a connection string.').max(2_000, 'That connection string is too long.'),
  tags: z
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
    }),
});

/** Admin: watch another server, with its tags. The URL is sealed before it is stored and never returned. */
export async function addTarget(
  _previous: ActionResult<ManagedTargetView> | null,
  form: FormData,
): Promise<ActionResult<ManagedTargetView>> {
  try {
    const admin = await requireRole('admin');
    const parsed = addTargetSchema.safeParse({
      name: form.get('name'),
      url: form.get('url'),
      tags: form.get('tags') ?? '',
    });
    if (!parsed.success) return invalidInput(parsed.error);
    const target = await addManagedTarget(admin, parsed.data.name, parsed.data.url, parsed.data.tags);
    revalidatePath('/admin/targets');
    revalidatePath('/fleet');
    return { ok: true, data: target };
  } catch (error) {
    return toActionFailure(error);
  }
}
