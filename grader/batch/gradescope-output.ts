/**
 * `<out>/<student>/results.json` for Gradescope: the graded outcome through gradescope/results.ts, or,
 * for a student who could not be graded, a zero with the reason in words (never the grader's internals).
 */
import type { AssignmentDefinition } from '../definition/types.ts';
import type { SubmissionOutcome } from '../grading/grade-submission.ts';
import { GRADER_FAILURE_OUTPUT, graderFailureResults, toGradescopeResults, type GradescopeResults, type HiddenTestVisibility } from '../gradescope/results.ts';
import type { StudentGrades, StudentRun } from './grades-file.ts';
import type { ReportTemplates } from '../report/templates.ts';

export type HiddenVisibility = HiddenTestVisibility;

export interface StudentResultsInput {
  outcome?: SubmissionOutcome;
  grades: StudentGrades;
  run: StudentRun;
  assignments: readonly AssignmentDefinition[];
  hiddenVisibility?: HiddenVisibility;
  executionTimeSeconds: number;
  /** How the network was isolated: said to the student only when it was not. */
  network: string;
  templates?: ReportTemplates;
}

export function gradescopeForStudent(input: StudentResultsInput): GradescopeResults {
  const notes = [...(input.run.notes ?? [])];
  if (input.network.startsWith('NOT')) notes.push(`network access of your code was not blocked on this grading machine (${input.network})`);
  if (input.outcome) return toGradescopeResults(input.outcome, { hiddenVisibility: input.hiddenVisibility, executionTimeSeconds: input.executionTimeSeconds, notes, templates: input.templates });
  const output = input.run.status === 'grader-failed' ? GRADER_FAILURE_OUTPUT : (input.run.reason ?? 'this submission could not be graded');
  return graderFailureResults(input.executionTimeSeconds, output);
}
