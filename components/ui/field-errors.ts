import type { ActionResult } from '@/lib/actions/result';

/**
 * A form's per-field messages from its action's last result, and the attributes that tie each message to its
 * input (aria-invalid, aria-describedby). `prefix` keeps ids unique when two forms share a page.
 */
export function fieldErrorsOf(state: ActionResult<unknown> | null, prefix: string) {
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  const id = (name: string) => `${prefix}${name}-error`;
  return {
    inputProps: (name: string) => ({
      'aria-invalid': Boolean(errors[name]),
      'aria-describedby': errors[name] ? id(name) : undefined,
    }),
    message: (name: string) => (errors[name] ? { id: id(name), text: errors[name].join(' ') } : null),
  };
}
