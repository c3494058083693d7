/**
 * Plain-text feedback for one test result: the verdict, what was called, what was expected, what came
 * back, the diagnosed pattern, a hint, the numbers behind the verdict, and how to rerun it. Used by the
 * student's vitest run (as the failure message) and by later renderers as their text form.
 */
import type { CheckResult } from '../checks/result.ts';
import { plainMath } from './math-text.ts';

export function formatFeedback(result: CheckResult, options: { facts?: boolean; staff?: boolean } = {}): string {
  const { feedback } = result;
  const lines = [feedback.summary];
  if (feedback.called) lines.push(`  called:    ${feedback.called}`);
  if (feedback.expected) lines.push(`  expected:  ${feedback.expected}`);
  if (feedback.received) lines.push(`  received:  ${feedback.received}`);
  // The grader's own text marks formulas with $…$ for the HTML reports; here they are read as plain text.
  if (feedback.diagnosis) lines.push(`  diagnosis: ${plainMath(feedback.diagnosis)}`);
  if (feedback.hint) lines.push(`  hint:      ${plainMath(feedback.hint)}`);
  if (options.facts !== false) for (const fact of feedback.facts ?? []) lines.push(`  ${fact.label}: ${fact.value}`);
  if (feedback.reproduce) lines.push(`  rerun:     ${feedback.reproduce}`);
  if (result.status === 'graderError' && options.staff !== false) lines.push(`  grader error (for staff): ${result.detail.split('\n').slice(0, 6).join('\n    ')}`);
  return lines.join('\n');
}
