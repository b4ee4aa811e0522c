import type { ActionResult } from '@/lib/actions/result';
import type { ActionFailure } from '@/lib/client/unwrap-result';

/**
 * A form's per-field messages from its last refusal (an action's result, or the ActionFailure a mutation threw), and
 * the attributes that tie each message to its input (aria-invalid, aria-describedby). `prefix` keeps ids unique when
 * two forms share a page.
 */
export function fieldErrorsOf(refusal: ActionResult<unknown> | ActionFailure | null, prefix: string) {
  const errors: Record<string, string[]> = !refusal
    ? {}
    : 'ok' in refusal
      ? refusal.ok
        ? {}
        : (refusal.fieldErrors ?? {})
      : (refusal.fieldErrors ?? {});
  const id = (name: string) => `${prefix}${name}-error`;
  return {
    inputProps: (name: string) => ({
      'aria-invalid': Boolean(errors[name]),
      'aria-describedby': errors[name] ? id(name) : undefined,
    }),
    message: (name: string) => (errors[name] ? { id: id(name), text: errors[name].join(' ') } : null),
  };
}

/** The message under a form field when its last submission refused it; its id is the field's aria-describedby. */
export function FieldError({ errors, name }: { errors: ReturnType<typeof fieldErrorsOf>; name: string }) {
  const message = errors.message(name);
  return message ? (
    <span id={message.id} className="field-error">
      {message.text}
    </span>
  ) : null;
}
