/**
 * Runs an assignment's tests against one student module and scores them. This is the one boundary where
 * an exception is caught: a throw out of a test's `run` is the GRADER's fault (a bug, a malformed
 * definition), reported as `graderError` with the details for staff, never as the student's zero.
 */
import type { AssignmentDefinition, TestDefinition, Visibility } from '../definition/types.ts';
import type { CheckResult } from '../checks/result.ts';
import type { StudentModule } from '../submission/student-module.ts';
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
}

/** The seed of one test: the grading seed, the assignment id and the test id, hashed. */
export function testSeed(gradingSeed: number, assignment: string, test: string): number {
  return deriveSeed(gradingSeed, assignment, test);
}

export async function runTest(test: TestDefinition, assignment: string, student: StudentModule, gradingSeed: number): Promise<TestOutcome> {
  const seed = testSeed(gradingSeed, assignment, test.id);
  let result: CheckResult;
  try {
    result = await test.run({ student, seed, gradingSeed });
  } catch (error) {
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    result = { status: 'graderError', detail, feedback: { summary: 'the grader failed on this test (not your fault): course staff have the details' } };
  }
  // Every verdict other than a pass says how to reproduce it: same grading seed, just this test.
  if (result.status !== 'passed' && result.status !== 'graderError' && !result.feedback.reproduce) {
    result = { ...result, feedback: { ...result.feedback, reproduce: rerunCommand(gradingSeed, test.title) } };
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
    const outcome = await runTest(test, definition.id, student, options.gradingSeed);
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
