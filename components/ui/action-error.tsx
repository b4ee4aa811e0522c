/** A write's refusal, said beside the control that asked for it (lib/client/use-confirmed-action.ts). */
export function ActionError({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <>
      {' '}
      <span role="alert" className="field-error">
        {message}
      </span>
    </>
  );
}
