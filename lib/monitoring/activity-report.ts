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
import { loadSection, type Section } from './sections';

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
  const [
    headroom,
    byState,
    byUser,
    byApplication,
    byClient,
    longRunning,
    idleInTransaction,
    blocking,
    waitEvents,
    replicas,
  ] = await Promise.all([
    loadSection('activity:headroom', getConnectionHeadroom),
    loadSection('activity:by-state', getConnectionsByState),
    loadSection('activity:by-user', () => getConnectionsGroupedBy('user')),
    loadSection('activity:by-application', () => getConnectionsGroupedBy('application')),
    loadSection('activity:by-client', () => getConnectionsGroupedBy('client')),
    loadSection(`activity:long-running:${thresholdSeconds}`, () => findLongRunningQueries(thresholdSeconds)),
    loadSection('activity:idle-in-transaction', findIdleInTransaction),
    loadSection('activity:blocking', async () => buildBlockingTree(await findBlockingPairs())),
    loadSection('activity:wait-events', getWaitEventSummary),
    loadSection('activity:replicas', listReplicas),
  ]);
  return {
    headroom,
    byState,
    byUser,
    byApplication,
    byClient,
    longRunning,
    idleInTransaction,
    blocking,
    waitEvents,
    replicas,
    thresholdSeconds,
  };
}
