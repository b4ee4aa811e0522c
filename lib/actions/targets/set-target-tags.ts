'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { requireRole } from '../../auth/session';
import { setManagedTargetTags, type ManagedTargetView } from '../../targets/managed-targets';
import { invalidInput, toActionFailure, type ActionResult } from '../result';
import { tagsField } from './tags-field';

const setTagsSchema = z.object({
  id: z.coerce.number().int().positive('Choose a target.'),
  tags: tagsField,
});

/** Admin: change the tags of a target added in the console (audited); an empty field removes them all. */
export async function setTargetTags(
  _previous: ActionResult<ManagedTargetView> | null,
  form: FormData,
): Promise<ActionResult<ManagedTargetView>> {
  try {
    const admin = await requireRole('admin');
    const parsed = setTagsSchema.safeParse({ id: form.get('id'), tags: form.get('tags') ?? '' });
    if (!parsed.success) return invalidInput(parsed.error);
    const target = await setManagedTargetTags(admin, parsed.data.id, parsed.data.tags);
    revalidatePath('/admin/targets');
    revalidatePath('/fleet');
    return { ok: true, data: target };
  } catch (error) {
    return toActionFailure(error);
  }
}
