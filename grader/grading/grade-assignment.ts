/**
 * Runs an assignment's tests against one student module and scores them. This is the one boundary where
 * an exception is caught: a throw out of a test's `run` is the GRADER's fault (a bug, a malformed
 * definition), reported as `graderError` with the details for staff, never as the student's zero.
 */
import type { AssignmentDefinition, TestDefinition, Visibility } from '../definition/types.ts';
import type { CheckResult } from '../checks/result.ts';
import { DeadlineModule, UnavailableModule, type Deadline, type StudentModule } from '../submission/student-module.ts';
import { deriveSeed } from '../random/uniform-stream.ts';
import { rerunCommand } from '../feedback/rerun.ts';

export interface TestOutcome {
  id: string;
  title: string;
  kind: TestDefinition['kind'];
  visibility: Visibility;
  max: number;
  score: number;
  seed: number;
  result: CheckResult;
}

export interface AssignmentOutcome {
  assignment: string;
  title: string;
  score: number;
  max: number;
  tests: TestOutcome[];
}

export interface GradeOptions {
  gradingSeed: number;
  /** Which tests to run (default: all). */
  include?(test: TestDefinition): boolean;
  /** Called as each test finishes (progress, streaming output). */
  onTest?(outcome: TestOutcome): void;
  /** Time limits beyond the per-call ones: for each test as a whole, and for the whole submission. */
  limits?: RunLimits;
}

export interface RunLimits {
  /** A test's time limit in all, ms (see grading/time-limits.ts). */
  testMs(assignment: string, test: string): number;
  /** When the whole submission must be done by. */
  submission?: Deadline;
}

/** The seed of one test: the grading seed, the assignment id and the test id, hashed. */
export function testSeed(gradingSeed: number, assignment: string, test: string): number {
  return deriveSeed(gradingSeed, assignment, test);
}

export async function runTest(test: TestDefinition, assignment: string, student: StudentModule, gradingSeed: number, limits?: RunLimits): Promise<TestOutcome> {
  const seed = testSeed(gradingSeed, assignment, test.id);
  let result: CheckResult;
  const graderFailure = student instanceof UnavailableModule ? student.graderFailure : undefined;
  try {
    if (graderFailure) {
      // The grader could not make the student's file runnable (its compiler crashed on it): no test of it
      // can say anything about the student.
      result = { status: 'graderError', detail: graderFailure.detail ?? graderFailure.message, feedback: { summary: graderFailure.message } };
    } else if (limits) {
      const testMs = limits.testMs(assignment, test.id);
      const own: Deadline = { at: performance.now() + testMs, describe: `this test's time limit of ${testMs / 1000} s in all` };
      const deadline = limits.submission && limits.submission.at < own.at ? limits.submission : own;
      if (deadline.at <= performance.now()) {
        result = { status: 'timedOut', feedback: { summary: `not run: ${deadline.describe} was reached before this test started` } };
      } else {
        result = await test.run({ student: new DeadlineModule(student, deadline), seed, gradingSeed });
      }
    } else {
      result = await test.run({ student, seed, gradingSeed });
    }
  } catch (error) {
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    result = { status: 'graderError', detail, feedback: { summary: 'the grader failed on this test (not your fault): course staff have the details' } };
  }
  // Every verdict other than a pass says how to reproduce it: same grading seed, just this test.
  const neverRan = result.status === 'errored' && (result.reason === 'missing-file' || result.reason === 'compile-error');
  if (result.status !== 'passed' && result.status !== 'graderError' && !neverRan && !result.feedback.reproduce) {
    result = { ...result, feedback: { ...result.feedback, reproduce: rerunCommand(gradingSeed, { title: test.title, assignment, visibility: test.visibility }) } };
  }
  return {
    id: test.id,
    title: test.title,
    kind: test.kind,
    visibility: test.visibility,
    max: test.points,
    score: result.status === 'passed' ? test.points : 0,
    seed,
    result,
  };
}

export async function gradeAssignment(definition: AssignmentDefinition, student: StudentModule, options: GradeOptions): Promise<AssignmentOutcome> {
  const tests: TestOutcome[] = [];
  for (const test of definition.tests) {
    if (options.include && !options.include(test)) continue;
    const outcome = await runTest(test, definition.id, student, options.gradingSeed, options.limits);
    options.onTest?.(outcome);
    tests.push(outcome);
  }
  return {
    assignment: definition.id,
    title: definition.title,
    score: tests.reduce((sum, test) => sum + test.score, 0),
    max: tests.reduce((sum, test) => sum + test.max, 0),
    tests,
  };
}
