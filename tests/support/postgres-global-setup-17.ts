import type { TestProject } from 'vitest/node';
import { startTestPostgres } from './postgres-global-setup';

export default (project: TestProject) => startTestPostgres(project, 17);
