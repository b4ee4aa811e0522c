'use client';
import { useActionState, useState } from 'react';
import { setTargetTags } from '@/lib/actions/targets/set-target-tags';
import { FieldError, fieldErrorsOf } from '../ui/field-error';

/**
 * A console-added target's tags, edited in its row: comma- or space-separated, saved on Enter or Save; an empty field
 * removes them. A refused list stays as typed, with the reason under it.
 */
export function TargetTagsForm({ id, name, tags }: { id: number; name: string; tags: string[] }) {
  const [text, setText] = useState(tags.join(', '));
  const [state, formAction, pending] = useActionState(setTargetTags, null);
  const errors = fieldErrorsOf(state, `target-${id}-`);
  return (
    <form action={formAction} className="toolbar" style={{ margin: 0 }} noValidate>
      <input type="hidden" name="id" value={id} />
      <input
        name="tags"
        value={text}
        onChange={(event) => setText(event.target.value)}
        aria-label={`Tags of ${name}`}
        placeholder="prod, eu"
        autoComplete="off"
        {...errors.inputProps('tags')}
      />
      <button type="submit" disabled={pending} aria-label={`Save tags of ${name}`}>
        {pending ? 'Saving…' : 'Save'}
      </button>
      <FieldError errors={errors} name="tags" />
      <span role="status">
        {state?.ok && (state.data.tags.length > 0 ? `Tagged ${state.data.tags.join(', ')}.` : 'No tags.')}
        {state && !state.ok && !state.fieldErrors && <span className="field-error">{state.message}</span>}
      </span>
    </form>
  );
}
