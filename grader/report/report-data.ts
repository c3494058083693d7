/**
 * What a student's report shows, as plain data: the student's total, then per assignment its tests with
 * status, points and the structured feedback (checks/result.ts, with the figures' numbers). Built once from
 * the grading's outcome (in the grading worker) and turned into a view model only when rendered
 * (student-view.ts). Never holds the grader's
 * internals: a test the grader failed on carries the fixed sentence, not the stack.
 */
import type { AssignmentDefinition, TestDefinition, Visibility } from '../definition/types.ts';
import type { ErrorReason, Feedback } from '../checks/result.ts';
import type { SubmissionOutcome } from '../grading/grade-submission.ts';
import type { TestOutcome } from '../grading/grade-assignment.ts';
import { testStatus, type StudentGrades, type TestStatus } from '../batch/grades-file.ts';
import { GRADER_ERROR_TEST_OUTPUT } from '../gradescope/results.ts';

export interface StudentReportData {
  /** The student's id (their folder's name), or a label such as "your submission". */
  student: string;
  /** "graded", or why the submission could not be graded as a whole. */
  status: 'graded' | 'ungradable' | 'grader-failed';
  reason?: string;
  score: number;
  max: number;
  seed: number;
  graderVersion: string;
  /** Which tests ran: the student's own run has the public ones only. */
  tests: 'public' | 'public and hidden';
  assignments: AssignmentReportData[];
  /** What the student's code printed while being graded (capped by the sandbox), and how much in all. */
  console?: { text: string; totalBytes: number };
  /** Things the student should know (e.g. a refused zip entry, network isolation unavailable). */
  notes: string[];
}

export interface AssignmentReportData {
  id: string;
  title: string;
  score: number;
  max: number;
  /** Why no test could run: "missing", "compile error", "the grader failed on this submission", … */
  reason?: string;
  /** Compile warnings (not penalised). */
  warnings: string[];
  tests: TestReportData[];
}

export interface TestReportData {
  id: string;
  title: string;
  kind: TestDefinition['kind'];
  visibility: Visibility;
  score: number;
  max: number;
  status: TestStatus;
  /** Why the student's code gave no usable value, when status is "error" (e.g. "not-implemented"). */
  reason?: ErrorReason;
  feedback: Feedback;
}

export interface ReportRun {
  student: string;
  seed: number;
  graderVersion: string;
  tests: StudentReportData['tests'];
  notes?: string[];
}

/** The report of a graded submission. */
export function reportFromOutcome(outcome: SubmissionOutcome, run: ReportRun): StudentReportData {
  const assignments = outcome.assignments.map((assignment): AssignmentReportData => {
    const reasons = new Set(assignment.tests.map((test) => (test.result.status === 'errored' ? test.result.reason : undefined)));
    const reason = reasons.size === 1 && reasons.has('missing-file') ? 'missing' : reasons.size === 1 && reasons.has('compile-error') ? 'compile error' : undefined;
    return {
      id: assignment.assignment,
      title: assignment.title,
      score: assignment.score,
      max: assignment.max,
      ...(reason ? { reason } : {}),
      warnings: outcome.warnings[assignment.assignment] ?? [],
      tests: assignment.tests.map(testReportData),
    };
  });
  return {
    student: run.student,
    status: 'graded',
    score: outcome.score,
    max: outcome.max,
    seed: run.seed,
    graderVersion: run.graderVersion,
    tests: run.tests,
    assignments,
    ...(outcome.consoleOutput.totalBytes > 0 ? { console: outcome.consoleOutput } : {}),
    notes: run.notes ?? [],
  };
}

/** One graded test as the report shows it (a test the grader failed on: the fixed sentence only). */
export function testReportData(test: TestOutcome): TestReportData {
  return {
    id: test.id,
    title: test.title,
    kind: test.kind,
    visibility: test.visibility,
    score: test.score,
    max: test.max,
    status: testStatus(test),
    ...(test.result.status === 'errored' ? { reason: test.result.reason } : {}),
    feedback: test.result.status === 'graderError' ? { summary: GRADER_ERROR_TEST_OUTPUT } : test.result.feedback,
  };
}

/** The report of a submission that could not be graded as a whole: every test at zero, with the reason. */
export function reportWithoutOutcome(grades: StudentGrades, definitions: readonly AssignmentDefinition[], run: ReportRun & { status: 'ungradable' | 'grader-failed'; reason: string }): StudentReportData {
  const assignments = definitions.map((definition): AssignmentReportData => {
    const grade = grades[definition.id];
    const byId = new Map(definition.tests.map((test) => [test.id, test]));
    return {
      id: definition.id,
      title: definition.title,
      score: grade?.score ?? 0,
      max: grade?.max ?? 0,
      reason: grade?.reason ?? run.reason,
      warnings: [],
      tests: (grade?.tests ?? []).map((test) => ({
        id: test.id,
        title: test.title,
        kind: byId.get(test.id)?.kind ?? 'example',
        visibility: byId.get(test.id)?.visibility ?? 'public',
        score: test.score,
        max: test.max,
        status: test.status,
        feedback: { summary: test.feedback },
      })),
    };
  });
  return {
    student: run.student,
    status: run.status,
    reason: run.reason,
    score: assignments.reduce((sum, assignment) => sum + assignment.score, 0),
    max: assignments.reduce((sum, assignment) => sum + assignment.max, 0),
    seed: run.seed,
    graderVersion: run.graderVersion,
    tests: run.tests,
    assignments,
    notes: run.notes ?? [],
  };
}
