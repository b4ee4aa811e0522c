'use client';
import { useActionState, useState } from 'react';
import { addTarget } from '@/lib/actions/targets/add-target';
import { FieldError, fieldErrorsOf } from '../ui/field-error';

/**
 * The connection string is sent once, stored encrypted, and never shown again. Tags (optional, comma- or
 * space-separated lower-case words) filter the fleet page. The fields are controlled so a
 * refused entry keeps what was typed (React resets uncontrolled fields after an action); they clear on success.
 */
export function AddTargetForm({ enabled }: { enabled: boolean }) {
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [tags, setTags] = useState('');
  const [state, formAction, pending] = useActionState(
    async (previous: Awaited<ReturnType<typeof addTarget>> | null, form: FormData) => {
      const result = await addTarget(previous, form);
      if (result.ok) {
        setName('');
        setUrl('');
        setTags('');
      }
      return result;
    },
    null,
  );
  const errors = fieldErrorsOf(state, 'target-');
  return (
    <form action={formAction} className="form" noValidate>
      <label>
        Name
        <input
          name="name"
          value={name}
          onChange={(event) => setName(event.target.value)}
          required
          placeholder="replica-1"
          disabled={!enabled}
          {...errors.inputProps('name')}
        />
        <FieldError errors={errors} name="name" />
      </label>
      <label>
        Connection string
        <input
          name="url"
          value={url}
          onChange={(event) => setUrl(event.target.value)}
          type="password"
          autoComplete="off"
          required
          placeholder="postgresql://user:password@host:5432/database"
          disabled={!enabled}
          {...errors.inputProps('url')}
        />
        <FieldError errors={errors} name="url" />
      </label>
      <label>
        Tags
        <input
          name="tags"
          value={tags}
          onChange={(event) => setTags(event.target.value)}
          placeholder="prod, eu"
          autoComplete="off"
          disabled={!enabled}
          {...errors.inputProps('tags')}
        />
        <FieldError errors={errors} name="tags" />
      </label>
      <button className="primary" type="submit" disabled={pending || !enabled}>
        {pending ? 'Adding…' : 'Add target'}
      </button>
      <div role="status" style={{ gridColumn: '1 / -1' }}>
        {state?.ok && (
          <p className="notice ok">
            Added {state.data.name} ({state.data.display}
            {state.data.tags.length > 0 && `, tagged ${state.data.tags.join(', ')}`}). It is sampled from the next
            round.
          </p>
        )}
        {state && !state.ok && <p className="notice error">{state.message}</p>}
      </div>
    </form>
  );
}
