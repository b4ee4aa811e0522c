import Link from 'next/link';
import type { FleetMember } from '@/lib/targets/fleet';

/** Names shown in the line; a fleet-wide outage is a count and a link, not a paragraph. */
const NAMES_SHOWN = 10;

function names(list: string[]): string {
  return list.length <= NAMES_SHOWN
    ? list.join(', ')
    : `${list.slice(0, NAMES_SHOWN).join(', ')} and ${list.length - NAMES_SHOWN} more`;
}

/**
 * One line on the overview about the other servers, so the on-call glance of one target does not hide another's
 * outage. Targets the console has not sampled lately are counted apart: that is the console's load, not theirs.
 */
export function FleetSummary({ members }: { members: FleetMember[] }) {
  if (members.length < 2) return null;
  const down = members.filter((member) => member.state === 'down').map((member) => member.name);
  const notSampled = members.filter((member) => member.state === 'not-sampled').length;
  return (
    <p className={`notice ${down.length ? 'error' : 'ok'}`} role="status" data-testid="fleet-summary">
      {down.length
        ? `${down.length} of ${members.length} targets down: ${names(down)}. `
        : notSampled === 0
          ? `All ${members.length} targets answering. `
          : `The ${members.length - notSampled} targets sampled lately answer. `}
      {notSampled > 0 && `${notSampled} not sampled lately (the console's own load, not theirs). `}
      <Link href={down.length ? '/fleet?state=down' : '/fleet'}>Fleet</Link>
    </p>
  );
}
