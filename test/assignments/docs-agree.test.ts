/**
 * The prose that lists tests (docs/test-catalogue.md and each handout's "How you are graded" table) agrees
 * with the definitions, which are the single source: same ids, kinds, visibility and points.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assignments } from '../../assignments/index.ts';
import { assignmentsDir, projectRoot } from '../../grader/paths.ts';

const catalogue = readFileSync(join(projectRoot, 'docs', 'test-catalogue.md'), 'utf8');

describe.each(assignments.map((assignment) => [assignment.id, assignment] as const))('%s', (_id, assignment) => {
  it('the catalogue lists every test with its kind, visibility and points', () => {
    for (const test of assignment.tests) {
      expect(catalogue, test.id).toMatch(new RegExp(`\\| ${test.id} \\| ${test.kind} \\| ${test.visibility} \\| ${test.points} \\|`));
    }
  });

  it('the handout lists every public test with its points, and the hidden count and points', () => {
    const handout = readFileSync(join(assignmentsDir, assignment.id, 'README.md'), 'utf8');
    for (const test of assignment.tests.filter((item) => item.visibility === 'public')) {
      expect(handout, test.id).toMatch(new RegExp(`\\| \`${test.id}\` \\|[^\\n]*\\| ${test.points} \\|`));
    }
    const hidden = assignment.tests.filter((item) => item.visibility === 'hidden');
    expect(handout).toMatch(new RegExp(`${hidden.length} hidden tests? worth ${hidden.reduce((sum, test) => sum + test.points, 0)} points?`));
  });
});
