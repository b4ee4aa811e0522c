import type { TestProject } from 'vitest/node';
import { provideTestPostgres } from './postgres-global-setup';

export default (project: TestProject) => provideTestPostgres(project, 17);
