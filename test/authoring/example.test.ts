/**
 * The worked example of docs/authoring.md (examples/authoring) is a real course: its reference solution
 * earns full marks, its starter zero with every test "not implemented", each example submission fails
 * exactly the tests its expected.json names (and the feedback names the diagnosed mistake), the starter is
 * what `grader starter` makes of the solution, the new problem stays well under 100 lines, and the code the
 * document shows is the code in the folder.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCourse, type Course } from '../../grader/authoring/course.ts';
import { readExpected, validationChecks } from '../../grader/authoring/validate.ts';
import { projectRoot } from '../../grader/paths.ts';

const root = join(projectRoot, 'examples', 'authoring');
const id = 'softplus-derivative';
const course: Course = await loadCourse(root);

describe('the worked example course', () => {
  it('has the one assignment, with public and hidden tests', () => {
    expect(course.assignments.map((assignment) => assignment.id)).toEqual([id]);
    const visibilities = new Set(course.assignments[0]!.tests.map((test) => test.visibility));
    expect(visibilities).toEqual(new Set(['public', 'hidden']));
  });

  // grader validate, each check a test: solution, starter (and that it is generated), every example
  // submission, the handout, and the type-check of a course outside the project's own folders.
  it.each(validationChecks(course, course.assignments).map((check) => [check.name, check] as const))('validate: %s', async (_name, check) => {
    expect(await check.run()).toEqual([]);
  });

  const fixtures = readdirSync(course.submissionsDir);
  it('has a correct alternative and at least two mistakes', () => {
    const entries = fixtures.map((name) => readExpected(join(course.submissionsDir, name))!.expect[id]!);
    expect(entries.filter((entry) => entry.fail.length === 0).length).toBeGreaterThanOrEqual(1);
    expect(entries.filter((entry) => entry.fail.length > 0).length).toBeGreaterThanOrEqual(2);
  });

});

describe('the example as docs/authoring.md shows it', () => {
  /** The code blocks that follow a line naming a file of the example: "`examples/authoring/<path>`:". */
  const shown = () => [...readFileSync(join(projectRoot, 'docs', 'authoring.md'), 'utf8').matchAll(/^`(examples\/authoring\/[^`]+)`:\n\n```(?:ts|json|md)\n([\s\S]*?)```$/gm)].map((match) => ({ path: match[1]!, code: match[2]! }));

  it('shows the definition, the hidden test, the solution and a mistake', () => {
    expect(shown().map((block) => block.path)).toEqual(
      expect.arrayContaining([
        `examples/authoring/assignments/${id}/public-definition.ts`,
        `examples/authoring/assignments/${id}/hidden.ts`,
        `examples/authoring/assignments/${id}/definition.ts`,
        `examples/authoring/solutions/${id}.ts`,
        'examples/authoring/fixtures/submissions/chain-rule-forgotten/expected.json',
      ]),
    );
  });

  it('each block is the file, to the byte', () => {
    for (const block of shown()) expect(block.code, block.path).toBe(readFileSync(join(projectRoot, block.path), 'utf8'));
  });

  it('the new problem (definition and solution) is well under 100 lines', () => {
    const files = ['public-definition.ts', 'hidden.ts', 'definition.ts', 'student.test.ts'].map((file) => join(root, 'assignments', id, file));
    const lines = [...files, join(course.solutionsDir, `${id}.ts`)].reduce((sum, file) => sum + readFileSync(file, 'utf8').split('\n').length - 1, 0);
    expect(lines).toBeLessThan(100);
  });
});
