/**
 * The Activity page's sections, each loaded live through the short shared cache and settled on its own.
 */
import 'server-only';
import {
  findIdleInTransaction,
  findLongRunningQueries,
  getConnectionHeadroom,
  getConnectionsByState,
  getConnectionsGroupedBy,
  getWaitEventSummary,
  type ConnectionGroup,
  type ConnectionHeadroom,
  type ConnectionsByState,
  type SessionRow,
  type WaitEventCount,
} from '../pg/activity';
import { findBlockingPairs } from '../pg/locks';
import { listReplicas, type ReplicaStatus } from '../pg/replication';
import { buildBlockingTree, type BlockingNode } from './blocking-tree';
import { loadSections, type Section } from './sections';

export interface ActivityReport {
  headroom: Section<ConnectionHeadroom>;
  byState: Section<ConnectionsByState[]>;
  byUser: Section<ConnectionGroup[]>;
  byApplication: Section<ConnectionGroup[]>;
  byClient: Section<ConnectionGroup[]>;
  longRunning: Section<SessionRow[]>;
  idleInTransaction: Section<SessionRow[]>;
  blocking: Section<BlockingNode[]>;
  waitEvents: Section<WaitEventCount[]>;
  replicas: Section<ReplicaStatus[]>;
  thresholdSeconds: number;
}

export async function loadActivityReport(thresholdSeconds: number): Promise<ActivityReport> {
  const sections = await loadSections({
    headroom: ['activity:headroom', getConnectionHeadroom],
    byState: ['activity:by-state', getConnectionsByState],
    byUser: ['activity:by-user', () => getConnectionsGroupedBy('user')],
    byApplication: ['activity:by-application', () => getConnectionsGroupedBy('application')],
    byClient: ['activity:by-client', () => getConnectionsGroupedBy('client')],
    longRunning: [`activity:long-running:${thresholdSeconds}`, () => findLongRunningQueries(thresholdSeconds)],
    idleInTransaction: ['activity:idle-in-transaction', findIdleInTransaction],
    blocking: ['activity:blocking', async () => buildBlockingTree(await findBlockingPairs())],
    waitEvents: ['activity:wait-events', getWaitEventSummary],
    replicas: ['activity:replicas', listReplicas],
  });
  return { ...sections, thresholdSeconds };
}
