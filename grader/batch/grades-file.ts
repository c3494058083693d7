/**
 * The format of `<out>/grades.json`, the batch's record of the class: for every student, every graded
 * assignment with its tests, plus (under the one key that can never be a folder name, "/grader") what is
 * needed to reproduce the run. Course scripts read this file: its names are a contract.
 */
import type { AssignmentOutcome, TestOutcome } from '../grading/grade-assignment.ts';
import { formatFeedback } from '../feedback/format-text.ts';
import { idTable, own } from './id-table.ts';
import { folderKey } from './output-folders.ts';
import type { IsolationRecord } from '../sandbox/isolation.ts';

/** Key of the run's metadata. No folder name can contain "/", on any system, so no student has it. */
export const RUN_KEY = '/grader';

export type TestStatus = 'passed' | 'failed' | 'error' | 'timeout';

export interface TestGrade {
  id: string;
  title: string;
  score: number;
  max: number;
  status: TestStatus;
  /** Plain-text feedback, as the student sees it. */
  feedback: string;
  /** Set when the grader itself failed on this test: the details, for staff only. */
  graderError?: string;
  /** The diagnosed mistake's name when a failing test recognised one (e.g. "opposite sign"). */
  diagnosis?: string;
}

export interface AssignmentGrade {
  score: number;
  max: number;
  tests: TestGrade[];
  /**
   * Why the assignment could not be graded test by test, when it could not: "missing" (no file),
   * "compile error", "the grader failed on this submission", "ungradable: …".
   */
  reason?: string;
}

/** One student: assignment id → grade. */
export type StudentGrades = Record<string, AssignmentGrade>;

export interface StudentRun {
  /** "graded", or "ungradable" with the reason (e.g. an unreadable zip); "grader-failed" for our failure. */
  status: 'graded' | 'ungradable' | 'grader-failed';
  reason?: string;
  /** sha256 of the submission's files (names and contents), for --resume. */
  submissionHash: string;
  /**
   * The student's folder under `<out>`, relative: the student id itself, unless that is a reserved name or
   * would share a folder with another student's on a file system that ignores case (output-folders.ts).
   */
  folder: string;
  /** The submission it was graded from: its name in the submissions folder (`dave.zip`, `carol`). */
  entry?: string;
  /** For staff: the grader's error when status is "grader-failed". */
  detail?: string;
  /** Things staff should know, e.g. zip entries that were refused. */
  notes?: string[];
}

export interface GradingRun {
  /** The package version and a hash of the grader's and assignments' sources. */
  graderVersion: string;
  seed: number;
  assignments: string[];
  node: string;
  /** How student code was isolated; anything but level `full` is said on the terminal and to each student. */
  isolation: IsolationRecord;
  /** The limits this run applied, ms, and the reference solutions' total time they were derived from. */
  timeLimits: { perCallMs: Record<string, number>; perTestMs: Record<string, number>; perSubmissionMs: number; referenceTotalMs: number };
  /** Every student id → how it was graded (a null-prototype table: see id-table.ts). */
  students: Record<string, StudentRun>;
  /** Entries of the submissions folder that are not students (a stray file, a hidden folder), and why. */
  refused?: Array<{ name: string; reason: string }>;
}

/** The whole file: every key but "/grader" is a student id. */
export interface GradesFile {
  [student: string]: StudentGrades | GradingRun;
  '/grader': GradingRun;
}
export interface GradesDocument {
  run: GradingRun;
  students: Record<string, StudentGrades>;
}

/** The file's JSON text: students sorted by id (code-unit order, the same everywhere), then the run. */
export function gradesJson(document: GradesDocument): string {
  const out = idTable<unknown>();
  for (const student of Object.keys(document.students).sort(compareIds)) out[student] = own(document.students, student);
  out[RUN_KEY] = document.run;
  return `${JSON.stringify(out, null, 2)}\n`;
}

export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function testStatus(outcome: TestOutcome): TestStatus {
  switch (outcome.result.status) {
    case 'passed':
      return 'passed';
    case 'failed':
      return 'failed';
    case 'timedOut':
      return 'timeout';
    default:
      return 'error';
  }
}

export function assignmentGrade(outcome: AssignmentOutcome): AssignmentGrade {
  const tests = outcome.tests.map((test): TestGrade => {
    const grade: TestGrade = { id: test.id, title: test.title, score: test.score, max: test.max, status: testStatus(test), feedback: formatFeedback(test.result, { staff: false }) };
    if (test.result.status === 'graderError') grade.graderError = test.result.detail;
    else if (test.result.status !== 'passed' && test.result.feedback.pattern) grade.diagnosis = test.result.feedback.pattern;
    return grade;
  });
  const grade: AssignmentGrade = { score: outcome.score, max: outcome.max, tests };
  const reasons = new Set(outcome.tests.map((test) => (test.result.status === 'errored' ? test.result.reason : undefined)));
  if (reasons.size === 1 && reasons.has('missing-file')) grade.reason = 'missing';
  else if (reasons.size === 1 && reasons.has('compile-error')) grade.reason = 'compile error';
  return grade;
}

/** Every test of an assignment at zero, with one reason: for a student the grader could not grade. */
export function zeroGrade(tests: ReadonlyArray<{ id: string; title: string; points: number }>, reason: string, status: TestStatus = 'error'): AssignmentGrade {
  return {
    score: 0,
    max: tests.reduce((sum, test) => sum + test.points, 0),
    reason,
    tests: tests.map((test) => ({ id: test.id, title: test.title, score: 0, max: test.points, status, feedback: reason })),
  };
}

/** Checks a parsed grades.json against the format; returns the problems found (none: valid). */
export function validateGradesFile(value: unknown): string[] {
  const problems: string[] = [];
  const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isRecord(value)) return ['the file is not a JSON object'];
  const run = value[RUN_KEY];
  if (!isRecord(run)) problems.push(`"${RUN_KEY}" (the run's metadata) is missing`);
  else {
    if (typeof run.graderVersion !== 'string') problems.push('run.graderVersion is not a string');
    if (!Number.isInteger(run.seed)) problems.push('run.seed is not an integer');
    if (!isRecord(run.students)) problems.push('run.students is not an object');
    if (!isRecord(run.isolation) || !['full', 'partial', 'none'].includes(run.isolation.level as string)) problems.push('run.isolation.level is not full, partial or none');
  }
  const runStudents = isRecord(run) && isRecord(run.students) ? run.students : undefined;
  // Every student is in both places, under the same id: a student in one only was lost on the way (an id
  // stored on an ordinary object as "__proto__" vanishes from one of them). Own keys only: "constructor"
  // is not a student of every file.
  if (runStudents) {
    for (const student of Object.keys(runStudents)) {
      if (!Object.hasOwn(value, student) || student === RUN_KEY) problems.push(`${JSON.stringify(student)} is in run.students but has no grades`);
    }
    const folders = new Map<string, string>();
    for (const [student, entry] of Object.entries(runStudents)) {
      if (!isRecord(entry) || typeof entry.folder !== 'string') {
        problems.push(`run.students.${JSON.stringify(student)} has no folder`);
        continue;
      }
      // Folders must differ even where case does not count (macOS, Windows): output-folders.ts.
      const other = folders.get(folderKey(entry.folder));
      if (other !== undefined) problems.push(`${JSON.stringify(other)} and ${JSON.stringify(student)} share the folder ${JSON.stringify(entry.folder)}`);
      folders.set(folderKey(entry.folder), student);
    }
  }
  for (const [student, grades] of Object.entries(value)) {
    if (student === RUN_KEY) continue;
    if (runStudents && !Object.hasOwn(runStudents, student)) problems.push(`${JSON.stringify(student)} has grades but no entry in run.students`);
    if (!isRecord(grades)) {
      problems.push(`${JSON.stringify(student)}: not an object`);
      continue;
    }
    for (const [assignment, grade] of Object.entries(grades)) {
      const where = `${JSON.stringify(student)}.${assignment}`;
      if (!isRecord(grade) || typeof grade.score !== 'number' || typeof grade.max !== 'number' || !Array.isArray(grade.tests)) {
        problems.push(`${where}: needs score, max and tests`);
        continue;
      }
      let sum = 0;
      for (const test of grade.tests as unknown[]) {
        if (!isRecord(test) || typeof test.id !== 'string' || typeof test.title !== 'string' || typeof test.score !== 'number' || typeof test.max !== 'number' || typeof test.feedback !== 'string' || !['passed', 'failed', 'error', 'timeout'].includes(test.status as string)) {
          problems.push(`${where}: a test lacks id, title, score, max, status or feedback`);
          continue;
        }
        sum += test.score;
      }
      if (Math.abs(sum - grade.score) > 1e-9) problems.push(`${where}: score ${grade.score} is not the sum of its tests (${sum})`);
    }
  }
  return problems;
}
