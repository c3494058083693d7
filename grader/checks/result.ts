/**
 * What a check decides, as a value. A check never throws for a wrong answer: it returns `failed`
 * (wrong value), `errored` (the student's code threw, is not implemented, returned the wrong type, or did
 * not load) or `timedOut`. Exceptions are for the grader's own faults, caught at one boundary
 * (grade-assignment.ts) and reported as `graderError`, never as the student's zero.
 */

/** A number or table shown to the student, e.g. worst gradient entries or a test statistic. */
export interface Fact {
  label: string;
  value: string;
}

export interface Feedback {
  /** One line: the verdict in words. */
  summary: string;
  /** The call that was made, written as code. */
  called?: string;
  expected?: string;
  received?: string;
  /** Named pattern of a common mistake, e.g. "opposite sign". */
  diagnosis?: string;
  /** What to look at, in the lecture's notation. */
  hint?: string;
  /** Numbers behind the verdict: tolerances, statistics, thresholds, error rates. */
  facts?: Fact[];
  /** How to rerun exactly this check (seed, command). */
  reproduce?: string;
}

export type CheckResult =
  | { status: 'passed'; feedback: Feedback }
  | { status: 'failed'; feedback: Feedback }
  | { status: 'errored'; reason: ErrorReason; feedback: Feedback }
  | { status: 'timedOut'; feedback: Feedback }
  | { status: 'graderError'; feedback: Feedback; detail: string };

/** Why student code produced no usable value. */
export type ErrorReason = 'not-implemented' | 'threw' | 'invalid-value' | 'missing-export' | 'missing-file' | 'load-failed' | 'compile-error' | 'crashed';

export const passed = (feedback: Feedback): CheckResult => ({ status: 'passed', feedback });
export const failed = (feedback: Feedback): CheckResult => ({ status: 'failed', feedback });
