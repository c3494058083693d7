/** Turns "the student's code gave no usable value" into a CheckResult that says so. */
import type { StudentFailure } from '../submission/student-module.ts';
import type { CheckResult, Feedback } from './result.ts';

export function failureResult(failure: StudentFailure, called: string, hint?: string): CheckResult {
  // A file that is missing or does not compile was never called: the call and the hint would be noise.
  if (failure.reason === 'missing-file' || failure.reason === 'compile-error') return { status: 'errored', reason: failure.reason, feedback: { summary: failure.message } };
  const feedback: Feedback = { summary: failure.message, called, hint: failure.reason === 'not-implemented' ? undefined : hint };
  if (failure.detail) feedback.facts = [{ label: 'details', value: failure.detail }];
  if (failure.reason === 'timeout') return { status: 'timedOut', feedback };
  return { status: 'errored', reason: failure.reason, feedback };
}

export function invalidValue(problem: string, called: string, hint?: string): CheckResult {
  return { status: 'errored', reason: 'invalid-value', feedback: { summary: `returned a value of the wrong type or shape: ${problem}`, called, hint } };
}
