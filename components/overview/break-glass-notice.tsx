/** One break-glass sign-in as the overview shows it (lib/audit/find-break-glass-sign-ins.ts), times already formatted. */
export interface BreakGlassEntry {
  at: string;
  email: string;
  clientAddress: string;
}

/**
 * Every break-glass sign-in of the last day, shown to everyone signed in so that a use of the one password left
 * (PASSWORD_SIGNIN=false) cannot go unnoticed. Nothing when there was none. `asOf` is set when the list is the last
 * one read because the console database cannot be read now.
 */
export function BreakGlassNotice({ signIns, asOf }: { signIns: BreakGlassEntry[]; asOf: string | null }) {
  if (signIns.length === 0) return null;
  return (
    <section className="notice warn" aria-labelledby="break-glass-heading" data-testid="break-glass-notice">
      <h2 id="break-glass-heading">Break-glass sign-ins in the last 24 hours</h2>
      <p>
        The break-glass admin signed in with a password while password sign-in is turned off for everyone else. Each use
        is shown here for a day and kept in the audit log.
      </p>
      <ul>
        {signIns.map((signIn, index) => (
          <li key={`${signIn.at}-${index}`}>
            {signIn.email} from <span className="mono">{signIn.clientAddress}</span> at {signIn.at}
          </li>
        ))}
      </ul>
      {asOf && <p className="stat-detail">As read at {asOf}: the console database cannot be read now.</p>}
    </section>
  );
}
