/**
 * How an assignment is defined: data plus small functions. The same definition drives the students' vitest
 * run, the batch grader and the reports, so nothing about a test is written twice.
 */
import type { CheckResult } from '../checks/result.ts';
import type { StudentModule } from '../submission/student-module.ts';

export type Visibility = 'public' | 'hidden';
export type TestKind = 'gradient' | 'property' | 'sampler' | 'method' | 'stability' | 'example' | 'training';

/** What a test gets to work with. */
export interface TestContext {
  /** The student's module for this assignment, running in the sandbox. */
  student: StudentModule;
  /** This test's own seed, derived from the grading seed, the assignment id and the test id. */
  seed: number;
  /** The grading seed the test seed was derived from (shown in "how to rerun"). */
  gradingSeed: number;
}

export interface TestDefinition {
  /** Stable id: reports, gradebooks and fixtures' expected.json name it. */
  id: string;
  title: string;
  points: number;
  visibility: Visibility;
  kind: TestKind;
  /** One sentence: what a pass means, shown in reports and handouts. */
  checks: string;
  run(context: TestContext): Promise<CheckResult>;
}

export interface AssignmentDefinition {
  id: string;
  title: string;
  /** The functions a submission exports (the contract). */
  exports: readonly string[];
  tests: readonly TestDefinition[];
}

/** What every test kind's options begin with: the test's identity, and a hint in the lecture's notation. */
export interface TestHead {
  id: string;
  title: string;
  points: number;
  visibility: Visibility;
  /** One sentence: what a pass means. */
  checks: string;
  /** What to look at when it fails, in the lecture's notation, formulas in `$…$` (see feedback/math-text.ts). */
  hint: string;
}

/** A TestDefinition of `kind` from a kind's options (which begin with a TestHead) and its run function. */
export function testFrom(head: TestHead, kind: TestKind, run: TestDefinition['run']): TestDefinition {
  return { id: head.id, title: head.title, points: head.points, visibility: head.visibility, kind, checks: head.checks, run };
}
