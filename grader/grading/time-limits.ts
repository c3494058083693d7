/**
 * Time limits for a batch, derived from the reference solutions' own time on this machine, so a correct
 * but plainly written submission never reaches them, on a fast laptop or a loaded course server.
 *
 * Per call (student-module.ts): fixed limits of 10 s per call, 60 s per bulk draw, 120 s per training run,
 * each 25–500× what the reference needs. Per test: FACTOR × the reference's time for that test, and never
 * less than TEST_FLOOR_MS (a test makes up to a few hundred calls; the floor keeps one slow but correct call
 * from being cut by the test's limit). Per submission: SUBMISSION_FACTOR × the reference's total, and never
 * less than SUBMISSION_FLOOR_MS, so that a submission whose every function hangs still ends in minutes.
 *
 * Calibration also proves the grader works on this machine: if the reference solutions do not earn full
 * marks, nothing is graded (that is the grader's failure, not the students').
 */
import type { AssignmentDefinition } from '../definition/types.ts';
import type { RunLimits } from './grade-assignment.ts';
import { gradeSubmission } from './grade-submission.ts';
import { solutionsDir } from '../paths.ts';

export const FACTOR = 100;
export const TEST_FLOOR_MS = 120_000;
export const SUBMISSION_FACTOR = 50;
export const SUBMISSION_FLOOR_MS = 600_000;

export interface TimeLimitPlan {
  /** "<assignment>/<test>" → limit in ms. */
  testMs: Record<string, number>;
  submissionMs: number;
  /** The reference's times the limits came from, ms. */
  referenceMs: Record<string, number>;
  referenceTotalMs: number;
}

export class ReferenceFailedError extends Error {}

/** Limits with no calibration: the floors (the student's own run uses these). */
export function floorPlan(): TimeLimitPlan {
  return { testMs: {}, submissionMs: SUBMISSION_FLOOR_MS, referenceMs: {}, referenceTotalMs: 0 };
}

export async function calibrateTimeLimits(definitions: readonly AssignmentDefinition[], gradingSeed: number): Promise<TimeLimitPlan> {
  const referenceMs: Record<string, number> = {};
  let last = performance.now();
  const started = last;
  const outcome = await gradeSubmission(solutionsDir, definitions, {
    gradingSeed,
    onTest: (assignment, test) => {
      const now = performance.now();
      referenceMs[`${assignment}/${test.id}`] = Math.round(now - last);
      last = now;
    },
  });
  const notFull = outcome.assignments.flatMap((assignment) => assignment.tests.filter((test) => test.score !== test.max).map((test) => `${assignment.assignment}/${test.id} (${test.result.status}: ${test.result.feedback.summary})`));
  if (notFull.length > 0) throw new ReferenceFailedError(`the reference solutions do not earn full marks on this machine, so no student is graded:\n  ${notFull.join('\n  ')}`);
  const referenceTotalMs = Math.round(performance.now() - started);
  const roundUp = (ms: number) => Math.ceil(ms / 1000) * 1000;
  const testMs: Record<string, number> = {};
  for (const [key, ms] of Object.entries(referenceMs)) testMs[key] = Math.max(TEST_FLOOR_MS, roundUp(FACTOR * ms));
  return { testMs, submissionMs: Math.max(SUBMISSION_FLOOR_MS, roundUp(SUBMISSION_FACTOR * referenceTotalMs)), referenceMs, referenceTotalMs };
}

/** The limits of one submission's grading, starting now. */
export function runLimits(plan: TimeLimitPlan): RunLimits {
  const seconds = plan.submissionMs / 1000;
  return {
    testMs: (assignment, test) => plan.testMs[`${assignment}/${test}`] ?? TEST_FLOOR_MS,
    submission: { at: performance.now() + plan.submissionMs, describe: `this submission's time limit of ${seconds} s in all` },
  };
}
