'use client';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { getActivity } from '@/lib/actions/activity/get-activity';
import { formatCount, formatDuration } from '@/lib/format';
import { monitoringKeys, OVERVIEW_REFRESH_MS } from '@/lib/monitoring/keys';
import { ReportSection } from '../reports/report-section';
import { DataTable } from '../ui/data-table';
import { BlockingTreeView } from './blocking-tree-view';
import { GroupTable } from './group-table';
import { SessionTable } from './session-table';

export function ActivityPanel({
  target,
  thresholdSeconds,
  canSignal,
}: {
  target: string;
  thresholdSeconds: number;
  canSignal: boolean;
}) {
  const [paused, setPaused] = useState(false);
  const report = useQuery({
    queryKey: monitoringKeys.activity(target, thresholdSeconds),
    queryFn: async () => {
      const result = await getActivity(target, thresholdSeconds);
      if (!result.ok) throw new Error(result.message);
      return result.data;
    },
    refetchInterval: paused ? false : OVERVIEW_REFRESH_MS,
  });
  if (report.isPending) return <p role="status">Loading activity…</p>;
  if (report.isError && !report.data)
    return (
      <p className="notice error" role="alert">
        Activity could not be loaded: {report.error.message}
      </p>
    );
  const data = report.data;
  return (
    <>
      <div className="toolbar">
        <span>{paused ? 'Paused' : `Refreshing every ${OVERVIEW_REFRESH_MS / 1000} s`}</span>
        <button type="button" onClick={() => setPaused(!paused)} aria-pressed={paused}>
          {paused ? 'Resume auto-refresh' : 'Pause auto-refresh'}
        </button>
        <button type="button" onClick={() => report.refetch()} disabled={report.isFetching}>
          Refresh now
        </button>
        {report.isError && <span className="status-bad">Last refresh failed: {report.error.message}</span>}
      </div>
      <ReportSection
        id="headroom"
        title="Connection headroom"
        section={data.headroom}
        description="Client connections against max_connections minus superuser_reserved_connections."
      >
        {(h) => (
          <p data-testid="headroom">
            <strong>{formatCount(h.used)}</strong> of {formatCount(h.usable)} usable slots in use ({formatCount(h.free)}{' '}
            free; max_connections {h.maxConnections}, {h.superuserReserved} reserved for superusers).
          </p>
        )}
      </ReportSection>
      <ReportSection
        id="long-running"
        title={`Long-running queries (over ${formatDuration(data.thresholdSeconds)})`}
        description="Active statements running longer than the threshold — the guide's long-running query check."
        section={data.longRunning}
        isEmpty={(rows) => rows.length === 0}
        empty="None right now."
      >
        {(rows) => (
          <SessionTable
            rows={rows}
            signalTarget={canSignal ? target : null}
            durationLabel="Running for"
            testId="long-running-table"
          />
        )}
      </ReportSection>
      <ReportSection
        id="blocking"
        title="Blocking"
        description="Who blocks whom: sessions at the top hold the locks the ones below them wait for."
        section={data.blocking}
        isEmpty={(roots) => roots.length === 0}
        empty="No session is waiting for a lock."
      >
        {(roots) => <BlockingTreeView roots={roots} />}
      </ReportSection>
      <ReportSection
        id="idle-in-transaction"
        title="Idle in transaction"
        description="Sessions holding a transaction open without running anything: they keep locks and stop vacuum."
        section={data.idleInTransaction}
        isEmpty={(rows) => rows.length === 0}
        empty="None right now."
      >
        {(rows) => (
          <SessionTable
            rows={rows}
            signalTarget={canSignal ? target : null}
            durationLabel="Idle for"
            testId="idle-in-transaction-table"
          />
        )}
      </ReportSection>
      <ReportSection
        id="wait-events"
        title="Wait events"
        section={data.waitEvents}
        isEmpty={(rows) => rows.length === 0}
        empty="No active session is waiting."
      >
        {(rows) => (
          <DataTable
            rows={rows}
            rowKey={(row) => `${row.waitEventType}/${row.waitEvent}`}
            columns={[
              { header: 'Type', cell: (row) => row.waitEventType },
              { header: 'Event', cell: (row) => row.waitEvent },
              { header: 'Sessions', numeric: true, cell: (row) => row.count },
            ]}
          />
        )}
      </ReportSection>
      <div className="grid" style={{ gridTemplateColumns: 'repeat(auto-fill, minmax(320px, 1fr))' }}>
        <ReportSection id="by-state" title="By state" section={data.byState}>
          {(rows) => (
            <DataTable
              rows={rows}
              rowKey={(row) => row.state}
              columns={[
                { header: 'State', cell: (row) => row.state },
                { header: 'Sessions', numeric: true, cell: (row) => row.count },
              ]}
            />
          )}
        </ReportSection>
        <ReportSection id="by-user" title="By user" section={data.byUser}>
          {(rows) => <GroupTable rows={rows} keyLabel="User" />}
        </ReportSection>
        <ReportSection id="by-application" title="By application" section={data.byApplication}>
          {(rows) => <GroupTable rows={rows} keyLabel="Application" />}
        </ReportSection>
        <ReportSection id="by-client" title="By client address" section={data.byClient}>
          {(rows) => <GroupTable rows={rows} keyLabel="Client" />}
        </ReportSection>
      </div>
      <ReportSection
        id="replicas"
        title="Replicas"
        description="Streaming replicas connected to this server (pg_stat_replication)."
        section={data.replicas}
        isEmpty={(rows) => rows.length === 0}
        empty="No replica is streaming from this server."
      >
        {(rows) => (
          <DataTable
            rows={rows}
            rowKey={(row) => row.pid}
            columns={[
              { header: 'Application', cell: (row) => row.application },
              { header: 'Client', cell: (row) => row.client ?? 'local' },
              { header: 'State', cell: (row) => row.state },
              { header: 'Sync', cell: (row) => row.syncState },
              {
                header: 'Replay lag',
                numeric: true,
                cell: (row) => (row.replayLagSeconds === null ? '—' : `${row.replayLagSeconds.toFixed(1)} s`),
              },
            ]}
          />
        )}
      </ReportSection>
    </>
  );
}
