'use client';
import { getGlance } from '@/lib/actions/monitoring/get-glance';
import { monitoringKeys, OVERVIEW_REFRESH_MS } from '@/lib/client/keys/monitoring';
import { useLiveReport } from '@/lib/client/use-live-report';
import { formatBytes, formatCount, formatDuration, formatPercent, formatTimestamp } from '@/lib/format';
import type { Tile } from '@/lib/monitoring/glance-rules';
import type { Sample } from '@/lib/sampler/sample';
import { LiveToolbar } from '../ui/live-toolbar';
import { LiveReportFallback } from '../ui/live-report-fallback';
import { Stat } from '../ui/stat';
import { ConnectionsByStateChart } from './connections-by-state-chart';
import { GlanceTiles } from './glance-tiles';

const HEADLINE = {
  ok: 'All clear',
  unknown: 'All clear (some checks unavailable)',
  warn: 'Needs attention',
  bad: 'Problem',
} as const;

export function OverviewPanel({ target }: { target: string }) {
  const live = useLiveReport({
    queryKey: monitoringKeys.glance(target),
    load: () => getGlance(target),
    refreshMs: OVERVIEW_REFRESH_MS,
  });
  const glance = live.query;

  if (glance.data === undefined)
    return (
      <LiveReportFallback
        query={glance}
        loading="Loading the latest sample…"
        failure="The overview could not be loaded"
      />
    );
  const { sample, lastKnown, tiles, status, reachable } = glance.data;
  const shown = sample ?? lastKnown;
  return (
    <>
      <div className={`headline headline-${status}`} role="status" data-testid="glance-status" data-status={status}>
        {reachable === true
          ? [
              HEADLINE[status],
              ...tiles
                .filter((tile) => tile.status === status && status !== 'ok' && status !== 'unknown')
                .map((tile) => `${tile.label} ${tile.value}`),
            ].join(' — ')
          : reachable === false
            ? `Database unreachable${glance.data.unreachableSince ? ` since ${formatTimestamp(glance.data.unreachableSince)}` : ''}`
            : 'Database state unknown — the console database cannot be read'}
      </div>
      {glance.data.basisNote && (
        <p className="notice" data-testid="glance-basis">
          {glance.data.basisNote}
        </p>
      )}
      <LiveToolbar live={live}>
        {sample
          ? `Sample of ${formatTimestamp(sample.takenAt)}`
          : lastKnown
            ? `Last sample ${formatTimestamp(lastKnown.takenAt)}`
            : 'No sample yet'}
      </LiveToolbar>
      <GlanceTiles tiles={tiles} />
      {shown && (
        <SampleFigures sample={shown} cacheTile={tiles.find((tile) => tile.id === 'cache-hit')} lastKnown={!sample} />
      )}
    </>
  );
}

/** Judged as the cache-hit tile is; not judged at all when the figures are not current. */
function cacheTone(tile: Tile | undefined, lastKnown: boolean): 'ok' | 'warn' | 'bad' | undefined {
  if (lastKnown || !tile || tile.status === 'unknown') return undefined;
  return tile.status;
}

function SampleFigures({
  sample,
  cacheTile,
  lastKnown,
}: {
  sample: Sample;
  cacheTile: Tile | undefined;
  lastKnown: boolean;
}) {
  const usable = sample.server.maxConnections - sample.server.superuserReservedConnections;
  const ratio = sample.cache.ratio;
  const uptimeSeconds = (new Date(sample.takenAt).getTime() - new Date(sample.server.startedAt).getTime()) / 1000;
  return (
    <div
      className={lastKnown ? 'last-known' : undefined}
      data-testid={lastKnown ? 'last-known-figures' : 'current-figures'}
    >
      <h2>{lastKnown ? `Last known figures, sampled at ${formatTimestamp(sample.takenAt)}` : 'Figures'}</h2>
      <div className="grid">
        <Stat
          label="Server version"
          testId="stat-server-version"
          value={`PostgreSQL ${sample.server.version}`}
          detail={`up ${formatDuration(uptimeSeconds)}`}
        />
        <Stat
          label={`Database size (${sample.database.name})`}
          testId="stat-database-size"
          value={formatBytes(sample.database.sizeBytes)}
          detail={`${formatCount(sample.database.sizeBytes)} bytes`}
        />
        <Stat
          label="Connections to this database"
          testId="stat-connections-total"
          value={formatCount(sample.connections.inDatabase)}
          detail={
            <>
              <span data-testid="stat-connections-active">{formatCount(sample.connections.activeInDatabase)}</span>{' '}
              running a statement
            </>
          }
        />
        <Stat
          label="Server connections in use"
          testId="stat-connections-server"
          value={`${formatCount(sample.connections.onServer)} / ${formatCount(usable)}`}
          detail={`max_connections ${sample.server.maxConnections} minus ${sample.server.superuserReservedConnections} reserved for superusers`}
          tone={!lastKnown && sample.connections.onServer / usable > 0.8 ? 'warn' : undefined}
        />
        <Stat
          label="Cache hit ratio (tables)"
          testId="stat-cache-hit-ratio"
          value={formatPercent(ratio)}
          detail={lastKnown ? 'last known' : (cacheTile?.detail ?? 'no table blocks read yet')}
          tone={cacheTone(cacheTile, lastKnown)}
        />
      </div>
      <section className="card" aria-labelledby="by-state-heading">
        <h2 id="by-state-heading">Connections by state</h2>
        <ConnectionsByStateChart data={sample.connections.byState} />
        <table>
          <caption className="stat-detail">
            Sessions connected to {sample.database.name}, grouped by pg_stat_activity.state
          </caption>
          <thead>
            <tr>
              <th scope="col">State</th>
              <th scope="col" className="num">
                Sessions
              </th>
            </tr>
          </thead>
          <tbody>
            {sample.connections.byState.map((row) => (
              <tr key={row.state}>
                <td>{row.state}</td>
                <td className="num">{formatCount(row.count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
