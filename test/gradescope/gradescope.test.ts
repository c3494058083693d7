/**
 * Gradescope compatibility: toGradescopeResults maps an outcome onto results.json (visibility, status,
 * numbering, scores, no grader internals for students, deterministic), the submission folder is found in an
 * upload without following symbolic links out, and run_autograder in a simulated /autograder layout writes
 * a results.json with the expected verdicts.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assignments, findAssignment } from '../../assignments/index.ts';
import type { CheckResult } from '../../grader/checks/result.ts';
import type { TestOutcome } from '../../grader/grading/grade-assignment.ts';
import type { SubmissionOutcome } from '../../grader/grading/grade-submission.ts';
import { GRADER_ERROR_TEST_OUTPUT, toGradescopeResults, type GradescopeResults } from '../../grader/gradescope/results.ts';
import { findSubmissionFolder } from '../../grader/submission/find-submission-folder.ts';
import { fixturesDir, projectRoot } from '../../grader/paths.ts';

const temporary: string[] = [];
function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'numgrade-gradescope-'));
  temporary.push(folder);
  return folder;
}
afterAll(() => {
  for (const folder of temporary) rmSync(folder, { recursive: true, force: true });
});

function outcomeOf(result: CheckResult, fields: Partial<TestOutcome> & { id: string }): TestOutcome {
  const max = fields.max ?? 2;
  return { title: `title of ${fields.id}`, kind: 'example', visibility: 'public', max, score: result.status === 'passed' ? max : 0, seed: 1, result, ...fields };
}

const SECRET = 'TypeError: a bug in the grader\n    at /srv/grader/secret-path.ts:12:3';

/** Two assignments: every status, public and hidden tests, a hidden test worth nothing. */
function sampleOutcome(): SubmissionOutcome {
  const first = [
    outcomeOf({ status: 'passed', feedback: { summary: 'all 10 cases right' } }, { id: 'a1', kind: 'example' }),
    outcomeOf({ status: 'failed', feedback: { summary: 'wrong sign', received: 'a ```fence``` of the student' } }, { id: 'a2', kind: 'gradient', max: 3 }),
    outcomeOf({ status: 'passed', feedback: { summary: 'fine' } }, { id: 'a3', visibility: 'hidden', max: 1 }),
  ];
  const second = [
    outcomeOf({ status: 'errored', reason: 'not-implemented', feedback: { summary: 'not implemented' } }, { id: 'b1', kind: 'property' }),
    outcomeOf({ status: 'timedOut', feedback: { summary: 'took too long' } }, { id: 'b2', kind: 'sampler', visibility: 'hidden', max: 4 }),
    outcomeOf({ status: 'graderError', detail: SECRET, feedback: { summary: 'the grader failed on this test (not your fault): course staff have the details' } }, { id: 'b3', kind: 'method' }),
    outcomeOf({ status: 'passed', feedback: { summary: 'ungraded extra' } }, { id: 'b4', visibility: 'hidden', max: 0 }),
    outcomeOf({ status: 'failed', feedback: { summary: 'off by one' } }, { id: 'b5', visibility: 'hidden', max: 2 }),
  ];
  const assignment = (id: string, tests: TestOutcome[]) => ({ assignment: id, title: id, tests, score: tests.reduce((s, t) => s + t.score, 0), max: tests.reduce((s, t) => s + t.max, 0) });
  const all = [assignment('first', first), assignment('second', second)];
  return { folder: '/x', gradingSeed: 1, assignments: all, score: 3, max: 16, warnings: {}, consoleOutput: { text: '', totalBytes: 0 } };
}

describe('toGradescopeResults', () => {
  const results = toGradescopeResults(sampleOutcome(), { executionTimeSeconds: 3.4, notes: ['network isolation unavailable'] });
  const byId = (id: string) => results.tests[['a1', 'a2', 'a3', 'b1', 'b2', 'b3', 'b4', 'b5'].indexOf(id)]!;

  it('has the top-level fields, the score as the sum of the tests', () => {
    expect(results).toMatchObject({ score: 3, execution_time: 3, visibility: 'visible', stdout_visibility: 'hidden' });
    expect(results.score).toBe(results.tests.reduce((sum, test) => sum + test.score, 0));
    expect(results.tests.reduce((sum, test) => sum + test.max_score, 0)).toBe(16);
    expect(results.output).toContain('Public tests: 2 / 9 points');
    expect(results.output).toContain('network isolation unavailable');
  });

  it('names and numbers the tests "<assignment>.<test>", 1-based, and tags them with the assignment and kind', () => {
    expect(results.tests.map((test) => test.number)).toEqual(['1.1', '1.2', '1.3', '2.1', '2.2', '2.3', '2.4', '2.5']);
    expect(byId('a2')).toMatchObject({ name: 'first: title of a2', tags: ['first', 'gradient'], max_score: 3, score: 0, output_format: 'md' });
    expect(byId('b2').tags).toEqual(['second', 'sampler']);
  });

  it("reports anything but a pass as failed, with the verdict in words and the test's section of report.md", () => {
    expect(results.tests.map((test) => test.status)).toEqual(['passed', 'failed', 'passed', 'failed', 'failed', 'failed', 'passed', 'failed']);
    expect(byId('a1').output).toMatch(/^\*\*Passed\*\* \(2 \/ 2\)\n\nall 10 cases right/);
    expect(byId('b1').output).toMatch(/^\*\*Failed: your code gave no usable value \(not implemented\)\*\*/);
    expect(byId('b2').output).toMatch(/^\*\*Failed: timed out\*\* \(0 \/ 4, hidden test\)/);
    // The student's backticks are escaped: they cannot open code or close anything.
    expect(byId('a2').output).toMatch(/^\*\*Failed\*\* \(0 \/ 3\)\n\nwrong sign\n\n- \*\*received:\*\* a \\`\\`\\`fence\\`\\`\\` of the student$/);
  });

  it('shows public tests now, hidden tests with points after publishing (or the due date), hidden tests worth nothing never', () => {
    expect(results.tests.map((test) => test.visibility)).toEqual(['visible', 'visible', 'after_published', 'visible', 'after_published', 'visible', 'hidden', 'after_published']);
    const afterDue = toGradescopeResults(sampleOutcome(), { executionTimeSeconds: 1, hiddenVisibility: 'after_due_date' });
    expect(afterDue.tests.map((test) => test.visibility)).toEqual(['visible', 'visible', 'after_due_date', 'visible', 'after_due_date', 'visible', 'hidden', 'after_due_date']);
    expect(afterDue.output).toContain('after the due date');
  });

  it("keeps the hidden tests' results, and the total they would imply, out of the summary", () => {
    expect(results.output).toContain('- first: 2 / 5 (1 of 2 public tests passed)');
    expect(results.output).toContain('- second: 0 / 4 (0 of 2 public tests passed)');
    expect(results.output).toContain('- hidden tests: 4 more tests worth 7 points; their results and your total are shown when grades are published');
    expect(results.output).not.toMatch(/\b3 \/ 16\b|\b1 \/ 7\b/);
  });

  it("puts a grader error's detail only in extra_data, with a fixed sentence for the student", () => {
    expect(byId('b3')).toMatchObject({ status: 'failed', score: 0, output: GRADER_ERROR_TEST_OUTPUT, extra_data: { graderError: SECRET } });
    const withoutExtra = JSON.stringify({ ...results, tests: results.tests.map(({ extra_data: _, ...test }) => test) });
    expect(withoutExtra).not.toContain('secret-path');
    expect(withoutExtra).not.toContain('a bug in the grader');
    expect(results.tests.filter((test) => test.extra_data !== undefined)).toHaveLength(1);
  });

  it('is deterministic: the same outcome gives the same JSON but for execution_time', () => {
    const again = toGradescopeResults(sampleOutcome(), { executionTimeSeconds: 97.2, notes: ['network isolation unavailable'] });
    expect(again.execution_time).toBe(97);
    expect(JSON.stringify({ ...again, execution_time: 0 })).toBe(JSON.stringify({ ...results, execution_time: 0 }));
  });
});

describe('findSubmissionFolder', () => {
  const ids = assignments.map((assignment) => assignment.id);

  it('takes the top level when it holds an assignment file, else the one folder that does', () => {
    const root = tempFolder();
    mkdirSync(join(root, 'hw', 'src'), { recursive: true });
    writeFileSync(join(root, 'hw', 'src', 'sigmoid-derivative.ts'), '');
    mkdirSync(join(root, '__MACOSX', 'hw'), { recursive: true });
    writeFileSync(join(root, '__MACOSX', 'hw', 'sigmoid-derivative.ts'), '');
    expect(findSubmissionFolder(root, ids)).toEqual({ folder: join(root, 'hw', 'src'), notes: [] });
    writeFileSync(join(root, 'two-layer-backprop.ts'), '');
    expect(findSubmissionFolder(root, ids)).toEqual({ folder: root, notes: [] });
  });

  it('never follows a symbolic link to a folder, and says why when it finds no folder or several', () => {
    const outside = tempFolder();
    writeFileSync(join(outside, 'sigmoid-derivative.ts'), '');
    const root = tempFolder();
    symlinkSync(outside, join(root, 'linked'), 'dir');
    const none = findSubmissionFolder(root, ids);
    expect(none.folder).toBe(root);
    expect(none.notes[0]).toMatch(/no assignment files were found/);
    for (const name of ['a', 'b']) {
      mkdirSync(join(root, name));
      writeFileSync(join(root, name, 'softmax-ce-gradient.ts'), '');
    }
    const several = findSubmissionFolder(root, ids);
    expect(several.folder).toBe(root);
    expect(several.notes[0]).toMatch(/several folders \(a\/, b\/\)/);
  });
});

describe('run_autograder in a simulated /autograder', () => {
  const submissions = join(fixturesDir, 'submissions');

  /** $AUTOGRADER_ROOT with source -> this project, the given files in submission/<under>, and results/. */
  function runAutograder(files: Record<string, string>, under = ''): { status: number | null; output: string; results: GradescopeResults } {
    const root = tempFolder();
    symlinkSync(projectRoot, join(root, 'source'), 'dir');
    mkdirSync(join(root, 'submission', under), { recursive: true });
    mkdirSync(join(root, 'results'));
    for (const [name, from] of Object.entries(files)) copyFileSync(from, join(root, 'submission', under, name));
    const run = spawnSync('bash', [join(projectRoot, 'grader', 'gradescope', 'run_autograder')], { env: { ...process.env, AUTOGRADER_ROOT: root }, encoding: 'utf8', timeout: 110_000 });
    const output = `${run.stdout}${run.stderr}`;
    return { status: run.status, output, results: JSON.parse(readFileSync(join(root, 'results', 'results.json'), 'utf8')) as GradescopeResults };
  }

  function expectValidShape(results: GradescopeResults): void {
    expect(typeof results.score).toBe('number');
    expect(typeof results.execution_time).toBe('number');
    expect(typeof results.output).toBe('string');
    expect(results.visibility).toBe('visible');
    expect(results.stdout_visibility).toBe('hidden');
    expect(results.tests.length).toBe(assignments.reduce((sum, assignment) => sum + assignment.tests.length, 0));
    for (const test of results.tests) {
      expect(test.name).toMatch(/^[a-z-]+: .+/);
      expect(test.number).toMatch(/^\d+\.\d+$/);
      expect(typeof test.score).toBe('number');
      expect(typeof test.max_score).toBe('number');
      expect(['passed', 'failed']).toContain(test.status);
      expect(typeof test.output).toBe('string');
      expect(test.output_format).toBe('md');
      expect(test.tags).toHaveLength(2);
      expect(['visible', 'hidden', 'after_due_date', 'after_published']).toContain(test.visibility);
    }
    expect(results.score).toBe(results.tests.reduce((sum, test) => sum + test.score, 0));
  }

  /** "<assignment>/<test id>" of each results.json test, from its assignment tag and title. */
  function testKey(test: GradescopeResults['tests'][number]): string {
    const assignment = findAssignment(test.tags[0]!);
    const definition = assignment.tests.find((candidate) => `${assignment.id}: ${candidate.title}` === test.name);
    return `${assignment.id}/${definition?.id}`;
  }

  const correct = Object.fromEntries(readdirSync(join(submissions, 'correct-a')).filter((name) => name.endsWith('.ts')).map((name) => [name, join(submissions, 'correct-a', name)]));

  it('a correct submission earns full marks on every test, public and hidden', { timeout: 120_000 }, () => {
    const { status, output, results } = runAutograder(correct);
    expect(status, output).toBe(0);
    expectValidShape(results);
    expect(results.tests.filter((test) => test.status !== 'passed' || test.score !== test.max_score).map(testKey), output).toEqual([]);
    expect(results.score).toBe(assignments.reduce((sum, assignment) => sum + assignment.tests.reduce((s, test) => s + test.points, 0), 0));
  });

  it('a mistake uploaded inside a folder fails exactly the tests its expected.json names', { timeout: 120_000 }, () => {
    const mistaken = join(submissions, 'sd-forgot-sigma');
    const { status, output, results } = runAutograder({ ...correct, 'sigmoid-derivative.ts': join(mistaken, 'sigmoid-derivative.ts') }, 'my-homework');
    expect(status, output).toBe(0);
    expectValidShape(results);
    const expected = JSON.parse(readFileSync(join(mistaken, 'expected.json'), 'utf8')) as { expect: Record<string, { fail: string[] }> };
    const failing = results.tests.filter((test) => test.status === 'failed').map(testKey).sort();
    expect(failing).toEqual(expected.expect['sigmoid-derivative']!.fail.map((id) => `sigmoid-derivative/${id}`).sort());
    for (const test of results.tests) expect(test.score).toBe(test.status === 'passed' ? test.max_score : 0);
  });

  it('a usage mistake exits with status 2', { timeout: 60_000 }, () => {
    const run = spawnSync(process.execPath, [join(projectRoot, 'grader', 'bin', 'grader.mjs'), 'gradescope', join(tempFolder(), 'absent')], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/is not a folder/);
  });
});
