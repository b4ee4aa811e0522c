import type { fieldErrorsOf } from './field-errors';

/** The message under a form field, when its last submission refused it. */
export function FieldError({ errors, name }: { errors: ReturnType<typeof fieldErrorsOf>; name: string }) {
  const message = errors.message(name);
  return message ? (
    <span id={message.id} className="field-error">
      {message.text}
    </span>
  ) : null;
}
