/**
 * The insights of one of the six tables, for its Insights page: each section read on the routed target
 * (TABLE_READS_FROM), cached and settled on its own (lib/tables/read-route.ts), so one that fails or times out
 * shows its reason while the others still show.
 */
import 'server-only';
import type { Section } from '../../monitoring/sections';
import { loadTableSection } from '../read-route';
import type { TableName } from '../registry';
import { compareToControl, findRecentVariantStats } from './ab-tests';
import { getLiveVersusExpired, getSizeByTarget, findTopKeys } from './cache-metadata';
import { getOperationsByDay } from './content-audit';
import { getGenerationByChannelAndDay, getQualityDistribution } from './content-metrics';
import { countByStatus, findFailed, findOverduePending, getQueueByDay } from './scheduled-content';
import { listSegments } from './user-segments';

type Loaded<F extends (...args: never[]) => Promise<unknown>> = Section<Awaited<ReturnType<F>>>;

export type TableInsightsData =
  | { table: 'ab_test_results'; comparison: Section<ReturnType<typeof compareToControl>> }
  | {
      table: 'content_metrics';
      generation: Loaded<typeof getGenerationByChannelAndDay>;
      quality: Loaded<typeof getQualityDistribution>;
    }
  | {
      table: 'scheduled_content';
      statuses: Loaded<typeof countByStatus>;
      queue: Loaded<typeof getQueueByDay>;
      overdue: Loaded<typeof findOverduePending>;
      failed: Loaded<typeof findFailed>;
    }
  | {
      table: 'cache_metadata';
      states: Loaded<typeof getLiveVersusExpired>;
      top: Loaded<typeof findTopKeys>;
      targets: Loaded<typeof getSizeByTarget>;
    }
  | { table: 'user_segments'; segments: Loaded<typeof listSegments> }
  | { table: 'content_audit'; operations: Loaded<typeof getOperationsByDay> };

export async function loadTableInsights(table: TableName): Promise<TableInsightsData> {
  switch (table) {
    case 'ab_test_results':
      return {
        table,
        comparison: await loadTableSection('insights:ab', async () => compareToControl(await findRecentVariantStats())),
      };
    case 'content_metrics': {
      const [generation, quality] = await Promise.all([
        loadTableSection('insights:generation', () => getGenerationByChannelAndDay()),
        loadTableSection('insights:quality', () => getQualityDistribution()),
      ]);
      return { table, generation, quality };
    }
    case 'scheduled_content': {
      const [statuses, queue, overdue, failed] = await Promise.all([
        loadTableSection('insights:status', countByStatus),
        loadTableSection('insights:queue', getQueueByDay),
        loadTableSection('insights:overdue', () => findOverduePending()),
        loadTableSection('insights:failed', () => findFailed()),
      ]);
      return { table, statuses, queue, overdue, failed };
    }
    case 'cache_metadata': {
      const [states, top, targets] = await Promise.all([
        loadTableSection('insights:cache-states', getLiveVersusExpired),
        loadTableSection('insights:cache-top', () => findTopKeys()),
        loadTableSection('insights:cache-targets', getSizeByTarget),
      ]);
      return { table, states, top, targets };
    }
    case 'user_segments':
      return { table, segments: await loadTableSection('insights:segments', () => listSegments()) };
    case 'content_audit':
      return { table, operations: await loadTableSection('insights:operations', () => getOperationsByDay()) };
  }
}
