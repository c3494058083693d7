/**
 * The prose that lists tests agrees with the definitions, which are the single source: the catalogue is
 * generated from them, and each handout's "How you are graded" table names the same public tests and points.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assignments } from '../../assignments/index.ts';
import { assignmentsDir, projectRoot } from '../../grader/paths.ts';
import { renderCatalogue } from '../../grader/docs/catalogue.ts';

it('docs/test-catalogue.md is up to date (regenerate: npx grader catalogue --write)', () => {
  expect(readFileSync(join(projectRoot, 'docs', 'test-catalogue.md'), 'utf8')).toBe(renderCatalogue(assignments));
});

describe.each(assignments.map((assignment) => [assignment.id, assignment] as const))('%s', (_id, assignment) => {
  it('the handout lists every public test with its points, and the hidden count and points', () => {
    const handout = readFileSync(join(assignmentsDir, assignment.id, 'README.md'), 'utf8');
    for (const test of assignment.tests.filter((item) => item.visibility === 'public')) {
      expect(handout, test.id).toMatch(new RegExp(`\\| \`${test.id}\` \\|[^\\n]*\\| ${test.points} \\|`));
    }
    const hidden = assignment.tests.filter((item) => item.visibility === 'hidden');
    expect(handout).toMatch(new RegExp(`${hidden.length} hidden tests? worth ${hidden.reduce((sum, test) => sum + test.points, 0)} points?`));
  });
});
