import Link from 'next/link';
import type { FleetMember } from '@/lib/targets/fleet';

/** One line on the overview about the other servers, so the on-call glance of one target does not hide another's outage. */
export function FleetSummary({ members }: { members: FleetMember[] }) {
  if (members.length < 2) return null;
  const down = members.filter((member) => member.up === false).map((member) => member.name);
  return (
    <p className={`notice ${down.length ? 'error' : 'ok'}`} role="status" data-testid="fleet-summary">
      {down.length
        ? `${down.length} of ${members.length} targets down: ${down.join(', ')}. `
        : `All ${members.length} targets answering. `}
      <Link href="/fleet">Fleet</Link>
    </p>
  );
}
