'use client';
import { useQuery } from '@tanstack/react-query';
import { getOverview } from '@/lib/actions/monitoring/get-overview';
import { formatBytes, formatCount, formatDuration, formatPercent, formatTimestamp } from '@/lib/format';
import { monitoringKeys, OVERVIEW_REFRESH_MS } from '@/lib/monitoring/keys';
import { HEALTHY_CACHE_HIT_RATIO } from '@/lib/monitoring/thresholds';
import { Stat } from '../ui/stat';
import { ConnectionsByStateChart } from './connections-by-state-chart';

export function OverviewPanel() {
  const overview = useQuery({
    queryKey: monitoringKeys.overview(),
    queryFn: async () => {
      const result = await getOverview();
      if (!result.ok) throw new Error(result.message);
      return result.data;
    },
    refetchInterval: OVERVIEW_REFRESH_MS,
  });

  if (overview.isPending) return <p role="status">Loading figures from the database…</p>;
  if (overview.isError && !overview.data) {
    return (
      <div className="notice error" role="alert">
        The overview could not be loaded: {overview.error.message}
        <button type="button" onClick={() => overview.refetch()}>
          Retry
        </button>
      </div>
    );
  }
  const data = overview.data;
  const usable = data.server.maxConnections - data.server.superuserReservedConnections;
  const ratio = data.cache.ratio;
  return (
    <>
      <div className="toolbar" aria-live="polite">
        <span>Figures as of {formatTimestamp(data.takenAt)} · refreshing every {OVERVIEW_REFRESH_MS / 1000} s</span>
        {overview.isError && <span className="status-bad">Last refresh failed: {overview.error.message}</span>}
        <button type="button" onClick={() => overview.refetch()} disabled={overview.isFetching}>
          Refresh now
        </button>
      </div>
      <div className="grid">
        <Stat label="Server version" testId="stat-server-version" value={`PostgreSQL ${data.server.version}`} detail={`up ${formatDuration(data.server.uptimeSeconds)}`} />
        <Stat label={`Database size (${data.database.name})`} testId="stat-database-size" value={formatBytes(data.database.sizeBytes)} detail={`${formatCount(data.database.sizeBytes)} bytes`} />
        <Stat
          label="Connections to this database"
          testId="stat-connections-total"
          value={formatCount(data.connections.inDatabase)}
          detail={
            <>
              <span data-testid="stat-connections-active">{formatCount(data.connections.activeInDatabase)}</span> running a statement now
            </>
          }
        />
        <Stat
          label="Server connections in use"
          testId="stat-connections-server"
          value={`${formatCount(data.connections.onServer)} / ${formatCount(usable)}`}
          detail={`max_connections ${data.server.maxConnections} minus ${data.server.superuserReservedConnections} reserved for superusers`}
          tone={data.connections.onServer / usable > 0.8 ? 'warn' : undefined}
        />
        <Stat
          label="Cache hit ratio (tables)"
          testId="stat-cache-hit-ratio"
          value={formatPercent(ratio)}
          detail={ratio === null ? 'no table blocks read yet' : `healthy above ${formatPercent(HEALTHY_CACHE_HIT_RATIO, 0)}`}
          tone={ratio === null ? undefined : ratio >= HEALTHY_CACHE_HIT_RATIO ? 'ok' : 'warn'}
        />
      </div>
      <section className="card" aria-labelledby="by-state-heading">
        <h2 id="by-state-heading">Connections by state</h2>
        <ConnectionsByStateChart data={data.connections.byState} />
        <table>
          <caption className="stat-detail">Sessions connected to {data.database.name}, grouped by pg_stat_activity.state</caption>
          <thead>
            <tr>
              <th scope="col">State</th>
              <th scope="col" className="num">
                Sessions
              </th>
            </tr>
          </thead>
          <tbody>
            {data.connections.byState.map((row) => (
              <tr key={row.state}>
                <td>{row.state}</td>
                <td className="num" data-testid={`connections-state-${row.state.replace(/\W+/g, '-')}`}>
                  {formatCount(row.count)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
