/**
 * What a check decides, as a value. A check never throws for a wrong answer: it returns `failed`
 * (wrong value), `errored` (the student's code threw, is not implemented, returned the wrong type, or did
 * not load) or `timedOut`. Exceptions are for the grader's own faults, caught at one boundary
 * (grade-assignment.ts) and reported as `graderError`, never as the student's zero.
 */

import type { Figure } from './figure.ts';

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
  /** The diagnosed mistake in words: its name and what it points to, e.g. "opposite sign: …". */
  diagnosis?: string;
  /** The diagnosed mistake's name alone (e.g. "opposite sign"), for counting across a class. */
  pattern?: string;
  /** What to look at, in the lecture's notation. */
  hint?: string;
  /** Numbers behind the verdict: tolerances, statistics, thresholds, error rates. */
  facts?: Fact[];
  /** How to rerun exactly this check (seed, command). */
  reproduce?: string;
  /** The numbers behind a report's pictures (histogram, CDFs, gradient entries, counterexample). */
  figures?: Figure[];
}

export type CheckResult =
  | { status: 'passed'; feedback: Feedback }
  | { status: 'failed'; feedback: Feedback }
  | { status: 'errored'; reason: ErrorReason; feedback: Feedback }
  | { status: 'timedOut'; feedback: Feedback }
  | { status: 'graderError'; feedback: Feedback; detail: string };

/**
 * Why student code produced no usable value. `compiler-failed` is the one that is not the student's doing
 * (the grader's compiler crashed on the file): runTest reports it as `graderError`, never as `errored`.
 */
export type ErrorReason = 'not-implemented' | 'threw' | 'invalid-value' | 'missing-export' | 'missing-file' | 'load-failed' | 'compile-error' | 'compiler-failed' | 'crashed';

export const passed = (feedback: Feedback): CheckResult => ({ status: 'passed', feedback });
export const failed = (feedback: Feedback): CheckResult => ({ status: 'failed', feedback });
