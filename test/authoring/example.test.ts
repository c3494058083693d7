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
import { starterFromSolution } from '../../grader/authoring/starter.ts';
import { readExpected } from '../../grader/authoring/validate.ts';
import { gradeSubmission } from '../../grader/grading/grade-submission.ts';
import { DEFAULT_GRADING_SEED } from '../../grader/grading/seed.ts';
import { formatFeedback } from '../../grader/feedback/format-text.ts';
import { projectRoot } from '../../grader/paths.ts';

const root = join(projectRoot, 'examples', 'authoring');
const id = 'softplus-derivative';
const course: Course = await loadCourse(root);
const grade = (folder: string) => gradeSubmission(folder, course.assignments, { gradingSeed: DEFAULT_GRADING_SEED });
const failingReport = (tests: Awaited<ReturnType<typeof grade>>['assignments'][number]['tests']) =>
  tests.filter((test) => test.result.status !== 'passed').map((test) => `${test.id}: ${formatFeedback(test.result, { facts: false })}`).join('\n\n');

describe('the worked example course', () => {
  it('has the one assignment, with public and hidden tests', () => {
    expect(course.assignments.map((assignment) => assignment.id)).toEqual([id]);
    const visibilities = new Set(course.assignments[0]!.tests.map((test) => test.visibility));
    expect(visibilities).toEqual(new Set(['public', 'hidden']));
  });

  it('the reference solution earns full marks', async () => {
    const outcome = await grade(course.solutionsDir);
    const tests = outcome.assignments[0]!.tests;
    expect(tests.filter((test) => test.result.status !== 'passed').map((test) => test.id), failingReport(tests)).toEqual([]);
    expect(outcome.score).toBe(outcome.max);
    expect(outcome.max).toBeGreaterThan(0);
  });

  it('the starter earns zero, every test saying "not implemented"', async () => {
    const outcome = await grade(course.starterDir);
    expect(outcome.score).toBe(0);
    for (const test of outcome.assignments[0]!.tests) {
      expect(test.result.status === 'errored' && test.result.reason, `${test.id}: ${test.result.feedback.summary}`).toBe('not-implemented');
    }
  });

  it('the starter is what grader starter makes of the solution', () => {
    const solution = readFileSync(join(course.solutionsDir, `${id}.ts`), 'utf8');
    expect(readFileSync(join(course.starterDir, `${id}.ts`), 'utf8')).toBe(starterFromSolution(solution));
  });

  const fixtures = readdirSync(course.submissionsDir);
  it('has a correct alternative and at least two mistakes', () => {
    const entries = fixtures.map((name) => readExpected(join(course.submissionsDir, name))!.expect[id]!);
    expect(entries.filter((entry) => entry.fail.length === 0).length).toBeGreaterThanOrEqual(1);
    expect(entries.filter((entry) => entry.fail.length > 0).length).toBeGreaterThanOrEqual(2);
  });

  it.each(fixtures)('the example submission %s fails exactly the tests its expected.json names', async (name) => {
    const folder = join(course.submissionsDir, name);
    const expected = readExpected(folder)!.expect[id]!;
    const tests = (await grade(folder)).assignments[0]!.tests;
    const failing = tests.filter((test) => test.result.status !== 'passed');
    expect(failing.map((test) => test.id).sort(), failingReport(tests)).toEqual([...expected.fail].sort());
    for (const test of failing) expect(test.result.status, `${test.id}: the student's failure, not the grader's`).not.toBe('graderError');
    for (const [test, pattern] of Object.entries(expected.diagnoses ?? {})) {
      expect(tests.find((item) => item.id === test)?.result.feedback.diagnosis, `${name} / ${test}`).toMatch(new RegExp(`^${pattern}`));
    }
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
