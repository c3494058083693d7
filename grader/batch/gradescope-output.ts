/**
 * `<out>/<student>/results.json` for Gradescope: the graded outcome through gradescope/results.ts, or,
 * for a student who could not be graded, a zero with the reason in words (never the grader's internals).
 */
import type { SubmissionOutcome } from '../grading/grade-submission.ts';
import { GRADER_FAILURE_OUTPUT, graderFailureResults, toGradescopeResults, type GradescopeResults, type HiddenTestVisibility } from '../gradescope/results.ts';
import type { StudentRun } from './grades-file.ts';
import type { ReportTemplates } from '../report/templates.ts';

export type HiddenVisibility = HiddenTestVisibility;

export interface StudentResultsInput {
  outcome?: SubmissionOutcome;
  run: StudentRun;
  hiddenVisibility?: HiddenVisibility;
  executionTimeSeconds: number;
  /** Lines for the student under the summary (refused zip entries, network isolation unavailable). */
  notes: readonly string[];
  templates?: ReportTemplates;
}

export function gradescopeForStudent(input: StudentResultsInput): GradescopeResults {
  if (input.outcome) return toGradescopeResults(input.outcome, { hiddenVisibility: input.hiddenVisibility, executionTimeSeconds: input.executionTimeSeconds, notes: [...input.notes], templates: input.templates });
  const output = input.run.status === 'grader-failed' ? GRADER_FAILURE_OUTPUT : (input.run.reason ?? 'this submission could not be graded');
  return graderFailureResults(input.executionTimeSeconds, output);
}
