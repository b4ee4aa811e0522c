/** Stopping and resuming one table's rollup upkeep and build, audited (the leader skips a stopped table). */
import 'server-only';
import { recordAuditEvent, type AuditActor } from '../../../audit/record-audit-event';
import { getPrisma } from '../../../db';
import type { RollupTableName } from './definitions';
import { writeStopped } from './store';

export async function applyRollupsStopped(actor: AuditActor, table: RollupTableName, stopped: boolean): Promise<void> {
  await getPrisma().$transaction(async (tx) => {
    await writeStopped(table, stopped ? actor.email : null, tx);
    await recordAuditEvent(tx, {
      actor,
      action: stopped ? 'insights.stop' : 'insights.resume',
      target: `insights:${table}`,
      before: { stopped: !stopped },
      after: { stopped },
    });
  });
}
