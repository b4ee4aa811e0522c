/** Stopping and resuming one table's rollup upkeep and build, audited (the leader skips a stopped table). */
import 'server-only';
import { recordAuditEvent, type AuditActor } from '../../../audit/record-audit-event';
import { z } from 'zod';
import { getPrisma } from '../../../db';
import { bool, parseRows } from '../../../pg/rows';
import type { RollupTableName } from './definitions';
import { writeStopped } from './store';

export async function applyRollupsStopped(actor: AuditActor, table: RollupTableName, stopped: boolean): Promise<void> {
  await getPrisma().$transaction(async (tx) => {
    const [current] = parseRows(
      z.object({ stopped: bool }),
      await tx.$queryRawUnsafe(
        `SELECT stopped_at IS NOT NULL AS stopped FROM console.insight_source WHERE table_name = $1 FOR UPDATE`,
        table,
      ),
    );
    // Stopping a stopped table (two operators at once) changes nothing and records nothing.
    if ((current?.stopped ?? false) === stopped) return;
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
