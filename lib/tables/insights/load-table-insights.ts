/**
 * The insights of one of the six tables, for its Insights page: each section read on the routed target
 * (TABLE_READS_FROM), cached and settled on its own (lib/tables/read-route.ts), so one that fails or times out
 * shows its reason while the others still show.
 */
import 'server-only';
import type { Section } from '../../monitoring/sections';
import { loadTableSection } from '../read-route';
import type { TableName } from '../registry';
import { compareToControl, findVariantStats } from './ab-tests';
import { findLiveVersusExpired, findSizeByTarget, findTopKeys } from './cache-metadata';
import { findOperationsByDay } from './content-audit';
import { findGenerationByChannelAndDay, findQualityDistribution } from './content-metrics';
import { countByStatus, findFailed, findOverduePending, findQueueByDay } from './scheduled-content';
import { listSegments } from './user-segments';

type Loaded<F extends (...args: never[]) => Promise<unknown>> = Section<Awaited<ReturnType<F>>>;

export type TableInsightsData =
  | { table: 'ab_test_results'; comparison: Section<ReturnType<typeof compareToControl>> }
  | {
      table: 'content_metrics';
      generation: Loaded<typeof findGenerationByChannelAndDay>;
      quality: Loaded<typeof findQualityDistribution>;
    }
  | {
      table: 'scheduled_content';
      statuses: Loaded<typeof countByStatus>;
      queue: Loaded<typeof findQueueByDay>;
      overdue: Loaded<typeof findOverduePending>;
      failed: Loaded<typeof findFailed>;
    }
  | {
      table: 'cache_metadata';
      states: Loaded<typeof findLiveVersusExpired>;
      top: Loaded<typeof findTopKeys>;
      targets: Loaded<typeof findSizeByTarget>;
    }
  | { table: 'user_segments'; segments: Loaded<typeof listSegments> }
  | { table: 'content_audit'; operations: Loaded<typeof findOperationsByDay> };

export async function loadTableInsights(table: TableName): Promise<TableInsightsData> {
  switch (table) {
    case 'ab_test_results':
      return {
        table,
        comparison: await loadTableSection('insights:ab', async () => compareToControl(await findVariantStats())),
      };
    case 'content_metrics': {
      const [generation, quality] = await Promise.all([
        loadTableSection('insights:generation', () => findGenerationByChannelAndDay()),
        loadTableSection('insights:quality', () => findQualityDistribution()),
      ]);
      return { table, generation, quality };
    }
    case 'scheduled_content': {
      const [statuses, queue, overdue, failed] = await Promise.all([
        loadTableSection('insights:status', countByStatus),
        loadTableSection('insights:queue', findQueueByDay),
        loadTableSection('insights:overdue', () => findOverduePending()),
        loadTableSection('insights:failed', () => findFailed()),
      ]);
      return { table, statuses, queue, overdue, failed };
    }
    case 'cache_metadata': {
      const [states, top, targets] = await Promise.all([
        loadTableSection('insights:cache-states', findLiveVersusExpired),
        loadTableSection('insights:cache-top', () => findTopKeys()),
        loadTableSection('insights:cache-targets', findSizeByTarget),
      ]);
      return { table, states, top, targets };
    }
    case 'user_segments':
      return { table, segments: await loadTableSection('insights:segments', () => listSegments()) };
    case 'content_audit':
      return { table, operations: await loadTableSection('insights:operations', () => findOperationsByDay()) };
  }
}
