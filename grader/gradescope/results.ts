/**
 * A graded submission as Gradescope's autograder results.json
 * (https://gradescope-autograders.readthedocs.io/en/latest/specs/): the total, a summary for the student,
 * and one entry per test with its points, status, feedback (Markdown) and visibility.
 *
 * Visibility: a public test is "visible". A hidden test with points is shown after the grades are published
 * (or after the due date): Gradescope's own "hidden" also hides the student's total while any test with
 * points is hidden, so it is used only for hidden tests worth nothing. A test the grader failed on
 * (graderError) is reported as failed with a fixed sentence; the details are for staff only and go in the
 * test's `extra_data`, which Gradescope stores but never shows to students.
 *
 * Pure: the same outcome and options give the same JSON (execution_time is the caller's measurement).
 */
import type { TestOutcome } from '../grading/grade-assignment.ts';
import type { SubmissionOutcome } from '../grading/grade-submission.ts';
import type { ReportTemplates } from '../report/templates.ts';
import { loadTemplates } from '../report/templates.ts';
import { renderTestMarkdown } from '../report/render-student.ts';
import { testReportData } from '../report/report-data.ts';
import { mdBlock } from '../report/markdown-text.ts';

export type GradescopeVisibility = 'visible' | 'hidden' | 'after_due_date' | 'after_published';
export type HiddenTestVisibility = 'after_published' | 'after_due_date';

export interface GradescopeTest {
  name: string;
  /** "<assignment index>.<test index>", both 1-based. */
  number: string;
  score: number;
  max_score: number;
  status: 'passed' | 'failed';
  output: string;
  output_format: 'md';
  /** [assignment id, test kind]. */
  tags: string[];
  visibility: GradescopeVisibility;
  /** Kept by Gradescope for staff, never shown to students. */
  extra_data?: { graderError: string };
}

export interface GradescopeResults {
  score: number;
  /** Seconds. */
  execution_time: number;
  /** Markdown, for the student. */
  output: string;
  output_format: 'md';
  visibility: 'visible';
  stdout_visibility: 'hidden';
  tests: GradescopeTest[];
}

export interface GradescopeOptions {
  /** Where hidden tests with points are shown (default "after_published"). */
  hiddenVisibility?: HiddenTestVisibility;
  executionTimeSeconds: number;
  /** Lines for the student added under the summary, e.g. "network isolation unavailable". */
  notes?: string[];
  /** The report templates whose test Markdown becomes each test's output (default: the grader's own). */
  templates?: ReportTemplates;
}

/** What a student reads when the grader itself failed on one test. */
export const GRADER_ERROR_TEST_OUTPUT = 'the grader failed on this test (not your fault): course staff have been told';
/** What a student reads when the grader failed on the whole submission. */
export const GRADER_FAILURE_OUTPUT = 'the grader failed on this submission; course staff have been notified';

export function toGradescopeResults(outcome: SubmissionOutcome, options: GradescopeOptions): GradescopeResults {
  const hiddenVisibility = options.hiddenVisibility ?? 'after_published';
  const templates = options.templates ?? loadTemplates();
  const tests = outcome.assignments.flatMap((assignment, assignmentIndex) =>
    assignment.tests.map((test, testIndex) => toGradescopeTest(assignment.assignment, test, `${assignmentIndex + 1}.${testIndex + 1}`, hiddenVisibility, templates)),
  );
  return {
    score: sum(tests.map((test) => test.score)),
    execution_time: executionTime(options.executionTimeSeconds),
    output: summary(outcome, hiddenVisibility, options.notes ?? []),
    output_format: 'md',
    visibility: 'visible',
    stdout_visibility: 'hidden',
    tests,
  };
}

/**
 * results.json for a submission that could not be graded at all: zero and one sentence, no internals. The
 * sentence is the grader's failure unless another reason is given (e.g. an unreadable zip).
 */
export function graderFailureResults(executionTimeSeconds: number, output: string = GRADER_FAILURE_OUTPUT): GradescopeResults {
  return {
    score: 0,
    execution_time: executionTime(executionTimeSeconds),
    output,
    output_format: 'md',
    visibility: 'visible',
    stdout_visibility: 'hidden',
    tests: [],
  };
}

function toGradescopeTest(assignment: string, test: TestOutcome, number: string, hiddenVisibility: HiddenTestVisibility, templates: ReportTemplates): GradescopeTest {
  const passed = test.result.status === 'passed';
  const entry: GradescopeTest = {
    name: `${assignment}: ${test.title}`,
    number,
    score: test.score,
    max_score: test.max,
    status: passed ? 'passed' : 'failed',
    // The test's section of report.md (untrusted text in it is inert Markdown); the grader's failure: one sentence.
    output: test.result.status === 'graderError' ? GRADER_ERROR_TEST_OUTPUT : renderTestMarkdown(testReportData(test), templates),
    output_format: 'md',
    tags: [assignment, test.kind],
    visibility: test.visibility === 'public' ? 'visible' : test.max > 0 ? hiddenVisibility : 'hidden',
  };
  if (test.result.status === 'graderError') entry.extra_data = { graderError: test.result.detail };
  return entry;
}


/**
 * Markdown: the public tests' points per assignment, then the hidden tests as one line that names how many
 * there are and what they are worth, but not how they went: until `hiddenVisibility`, neither a hidden test
 * nor the total (which would imply the hidden points) is shown. Then any notes.
 */
function summary(outcome: SubmissionOutcome, hiddenVisibility: HiddenTestVisibility, notes: readonly string[]): string {
  const all = outcome.assignments.flatMap((assignment) => assignment.tests);
  const shownTests = all.filter((test) => test.visibility === 'public');
  const lines = [`**Public tests: ${fraction(shownTests)} points**`, ''];
  for (const assignment of outcome.assignments) {
    const shown = assignment.tests.filter((test) => test.visibility === 'public');
    if (shown.length === 0) continue;
    const passedCount = shown.filter((test) => test.result.status === 'passed').length;
    lines.push(`- ${assignment.assignment}: ${fraction(shown)} (${passedCount} of ${shown.length} public tests passed)`);
  }
  const hidden = all.filter((test) => test.visibility === 'hidden');
  if (hidden.length > 0) {
    const when = hiddenVisibility === 'after_due_date' ? 'after the due date' : 'when grades are published';
    lines.push(`- hidden tests: ${hidden.length} more tests worth ${points(sum(hidden.map((test) => test.max)))} points; their results and your total are shown ${when}`);
  }
  // Notes may quote the student's code (compile warnings): shown verbatim, never as Markdown.
  if (notes.length > 0) lines.push('', 'Notes:', '', mdBlock(notes.join('\n')));
  return lines.join('\n');
}

function fraction(tests: readonly TestOutcome[]): string {
  return `${points(sum(tests.map((test) => test.score)))} / ${points(sum(tests.map((test) => test.max)))}`;
}

function executionTime(seconds: number): number {
  return Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds) : 0;
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function points(value: number): string {
  return String(Math.round(value * 100) / 100);
}
