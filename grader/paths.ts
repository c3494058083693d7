/** Where the project's folders are, wherever the grader is started from. */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const assignmentsDir = resolve(projectRoot, 'assignments');
export const solutionsDir = resolve(projectRoot, 'solutions');
export const starterDir = resolve(projectRoot, 'starter');
export const fixturesDir = resolve(projectRoot, 'fixtures');
