'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { requireRole } from '../../auth/session';
import { addManagedTarget, type ManagedTargetView } from '../../targets/managed-targets';
import { TARGET_NAME_PATTERN } from '../../targets/target-list';
import { invalidInput, toActionFailure, type ActionResult } from '../result';
import { tagsField } from './tags-field';

const addTargetSchema = z.object({
  name: z
    .string()
    .trim()
    .regex(TARGET_NAME_PATTERN, 'Use 1–40 lower-case letters, digits, "-" or "_", starting with a letter.'),
  url: z.string().trim().min(1, 'Enter a connection string.').max(2_000, 'That connection string is too long.'),
  tags: tagsField,
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
