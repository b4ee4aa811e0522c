/** Pages about the primary alone say so, since the shell's target picker does not apply to them. */
export function PrimaryOnlyNote({ what }: { what: string }) {
  return (
    <p className="stat-detail" data-testid="primary-only">
      {what} the primary (DATABASE_URL); the target picker applies to the monitoring reports.
    </p>
  );
}
