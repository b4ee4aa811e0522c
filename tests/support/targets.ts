import { getDatabaseConnection } from '@/lib/env';
import type { Target } from '@/lib/targets/registry';

/** A watched target of the given name on the test server (a task's rows are kept apart by the name). */
export function testTarget(name: string): Target {
  return { name, connection: getDatabaseConnection(), source: 'environment' };
}
