import Link from 'next/link';
import { formatDuration, formatTimestamp } from '@/lib/format';
import type { Section } from '@/lib/monitoring/sections';
import type { LockWaitEpisodePage } from '@/lib/workload/activity/lock-wait-history';
import { ReportSection } from '../reports/report-section';
import { BlockingTreeView } from './blocking-tree-view';

/**
 * "Lock waits in the past": the episodes of the window, newest first, each with the blocking tree of its worst
 * moment; older episodes a page at a time (the cursor in the URL).
 */
export function LockWaitHistory({
  section,
  path,
  keep,
  isFirstPage,
}: {
  section: Section<LockWaitEpisodePage>;
  path: string;
  keep: Record<string, string | undefined>;
  isFirstPage: boolean;
}) {
  const href = (episodes: string | undefined) => {
    const params = new URLSearchParams(
      Object.entries({ ...keep, episodes }).filter((entry): entry is [string, string] => entry[1] !== undefined),
    );
    return `${path}?${params}#lock-wait-history-heading`;
  };
  return (
    <ReportSection
      id="lock-wait-history"
      title="Lock waits in the past"
      description="Each episode: a session that held a lock others waited for, from the first sample that saw it waiting to the last. The tree is that of the sample in which most sessions waited; statements are shown with their values replaced."
      section={section}
      isEmpty={(page) => page.episodes.length === 0 && isFirstPage}
      empty="No session waited for a lock in this window."
    >
      {(page) => (
        <>
          <ol className="episodes" data-testid="lock-wait-episodes">
            {page.episodes.map((episode) => {
              const seconds = (episode.lastSeen.getTime() - episode.firstSeen.getTime()) / 1000;
              return (
                <li key={episode.id} data-root-pid={episode.rootPid} data-testid={`lock-wait-episode-${episode.id}`}>
                  <details>
                    <summary>
                      <time dateTime={episode.firstSeen.toISOString()}>{formatTimestamp(episode.firstSeen)}</time>
                      {` · seen for ${formatDuration(seconds)} · ${episode.maxWaiting} waiting at most`}
                      {` (longest wait ${formatDuration(episode.maxWaitSeconds)}) · root blocker pid ${episode.rootPid}`}
                      {episode.rootUser ? ` (${episode.rootUser})` : ''}
                    </summary>
                    <BlockingTreeView roots={[episode.tree]} />
                  </details>
                </li>
              );
            })}
          </ol>
          <nav className="toolbar" aria-label="Lock-wait pages">
            {!isFirstPage && <Link href={href(undefined)}>Newest lock waits</Link>}
            {page.next && <Link href={href(page.next)}>Older lock waits</Link>}
          </nav>
        </>
      )}
    </ReportSection>
  );
}
