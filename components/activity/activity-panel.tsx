'use client';
import { getActivity } from '@/lib/actions/activity/get-activity';
import { monitoringKeys, OVERVIEW_REFRESH_MS } from '@/lib/client/keys/monitoring';
import { useLiveReport } from '@/lib/client/use-live-report';
import { formatCount, formatDuration } from '@/lib/format';
import { ReportSection } from '../reports/report-section';
import { DataTable } from '../ui/data-table';
import { LiveReportFallback } from '../ui/live-report-fallback';
import { LiveToolbar } from '../ui/live-toolbar';
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
  const live = useLiveReport({
    queryKey: monitoringKeys.activity(target, thresholdSeconds),
    load: () => getActivity(target, thresholdSeconds),
    refreshMs: OVERVIEW_REFRESH_MS,
  });
  const report = live.query;
  if (report.data === undefined)
    return <LiveReportFallback query={report} loading="Loading activity…" failure="Activity could not be loaded" />;
  const data = report.data;
  return (
    <>
      <LiveToolbar live={live} />
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
