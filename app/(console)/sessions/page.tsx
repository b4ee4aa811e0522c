import { ReportSection } from '@/components/reports/report-section';
import { EndOtherSessionsButton } from '@/components/sessions/end-other-sessions-button';
import { SessionTable, type SessionRow } from '@/components/sessions/session-table';
import { providerName } from '@/lib/auth/password-sign-in';
import { hasRole } from '@/lib/auth/roles';
import { SESSION_MAX_AGE_SECONDS } from '@/lib/auth/options';
import { requirePageRole } from '@/lib/auth/session';
import { ACTIVE_SESSIONS_SHOWN, listActiveSessions, type ActiveSession } from '@/lib/auth/user-sessions';
import { getEnv } from '@/lib/env';
import { formatTimestamp } from '@/lib/format';
import { settleSection } from '@/lib/monitoring/sections';

export const metadata = { title: 'Sessions · Halcytone DB Console' };
export const dynamic = 'force-dynamic';

export default async function SessionsPage() {
  const user = await requirePageRole('viewer');
  const env = getEnv();
  // An admin sees everyone's sessions and may end any; everyone else sees their own.
  const seesEveryone = hasRole(user.role, 'admin');
  const sessions = await settleSection(() => listActiveSessions(seesEveryone ? {} : { userId: user.id }));
  const toRow = (session: ActiveSession): SessionRow => ({
    id: session.id,
    email: session.userEmail,
    name: session.userName,
    signedInWith: providerName(session.provider, env),
    clientAddress: session.clientAddress,
    startedAt: formatTimestamp(session.startedAt),
    lastSeenAt: session.lastSeenAt && formatTimestamp(session.lastSeenAt),
    isCurrent: session.id === user.sessionId,
  });
  const ownOthers = sessions.ok
    ? sessions.data.filter((session) => session.userId === user.id && session.id !== user.sessionId).length
    : 0;
  return (
    <>
      <h1>Sessions</h1>
      <p className="stat-detail">
        {seesEveryone
          ? 'Everyone signed in now. An ended session is refused at its next request — in every console process within seconds — and the audit log says who ended it.'
          : 'Where you are signed in now. Ending your other sessions signs them out at their next request; this one stays.'}{' '}
        A session lasts at most {SESSION_MAX_AGE_SECONDS / 3600} hours from its sign-in; last seen is kept to the
        minute.
      </p>
      <ReportSection
        id="sessions"
        title={seesEveryone ? 'Signed in now' : 'Your sessions'}
        section={sessions}
        isEmpty={(data) => data.length === 0}
        empty="Nobody is signed in."
      >
        {(data) => (
          <>
            <EndOtherSessionsButton others={ownOthers} />
            <SessionTable rows={data.map(toRow)} showsUser={seesEveryone} canEnd={seesEveryone} />
            {data.length === ACTIVE_SESSIONS_SHOWN && (
              <p className="stat-detail">The {ACTIVE_SESSIONS_SHOWN} most recent sessions are shown.</p>
            )}
          </>
        )}
      </ReportSection>
    </>
  );
}
