/**
 * Grades one student of a class: unpack (a zip), find the files, grade every chosen assignment in the
 * sandbox, and turn the outcome into the student's grades and Gradescope results. Everything in and out is
 * plain data, so it runs as well in a grading worker process (grading-worker.ts) as in the batch itself.
 * A failure of the grader's own is caught here and becomes this student's "grader-failed", with details.
 */
import { rmSync } from 'node:fs';
import { findAssignment } from '../../assignments/index.ts';
import { gradeSubmission, type SubmissionOutcome } from '../grading/grade-submission.ts';
import { runLimits, type TimeLimitPlan } from '../grading/time-limits.ts';
import { findSubmissionFolder } from '../submission/find-submission-folder.ts';
import type { GradescopeResults } from '../gradescope/results.ts';
import type { StudentEntry } from './discover.ts';
import { unzipSubmission } from './unzip.ts';
import { assignmentGrade, zeroGrade, type StudentGrades, type StudentRun } from './grades-file.ts';
import { gradescopeForStudent, type HiddenVisibility } from './gradescope-output.ts';
import type { AssignmentDefinition } from '../definition/types.ts';
import { loadTemplates } from '../report/templates.ts';
import type { IsolationRecord } from '../sandbox/isolation.ts';
import { reportFromOutcome, reportWithoutOutcome, type StudentReportData } from '../report/report-data.ts';
import { renderStudentReport, reportTime, type RenderedReport } from '../report/render-student.ts';

export interface StudentJob {
  entry: StudentEntry;
  assignments: string[];
  seed: number;
  timeLimits: TimeLimitPlan;
  submissionHash: string;
  /** The student's folder under `<out>`. */
  folder: string;
  hiddenVisibility?: HiddenVisibility;
  /** How student code was isolated (said to the student when it was less than full). */
  isolation: IsolationRecord;
  /** The grader's version, shown in the student's report. */
  graderVersion: string;
  /** An instructor's report templates (`--templates`), in place of the defaults. */
  templates?: string;
  /** The time in the report's footer; by default when the student was graded (reportTime). */
  gradedAt?: string;
}

export interface StudentResult {
  run: StudentRun;
  grades: StudentGrades;
  results: GradescopeResults;
  /** The student's report.html and report.md. */
  rendered: RenderedReport;
}

export const GRADER_FAILED_REASON = "the grader failed on this submission (not the student's fault); course staff have the details";

export async function gradeStudent(job: StudentJob): Promise<StudentResult> {
  const started = performance.now();
  const definitions = job.assignments.map(findAssignment);
  const graded = await gradeEntry(job, definitions);
  return studentResult(job, definitions, { ...graded, run: identified(job, graded.run) }, (performance.now() - started) / 1000);
}

/** A student's Gradescope results and report, from their grading (or its failure), with the same notes in both. */
function studentResult(job: StudentJob, definitions: readonly AssignmentDefinition[], graded: { run: StudentRun; grades: StudentGrades; outcome?: SubmissionOutcome }, executionTimeSeconds: number): StudentResult {
  const { run, grades, outcome } = graded;
  const notes = [...(run.notes ?? [])];
  if (job.isolation.level !== 'full') notes.push(`your code was graded with ${job.isolation.sandbox}`);
  const templates = loadTemplates(job.templates);
  const results = gradescopeForStudent({ outcome, run, hiddenVisibility: job.hiddenVisibility, executionTimeSeconds, notes, templates });
  const report = studentReport(job, definitions, graded, notes);
  return { run, grades, results, rendered: renderStudentReport(report, templates, { gradedAt: job.gradedAt ?? reportTime(), handoutHref: (id) => `../handouts/${id}.html` }) };
}

function studentReport(job: StudentJob, definitions: readonly AssignmentDefinition[], { run, grades, outcome }: { run: StudentRun; grades: StudentGrades; outcome?: SubmissionOutcome }, notes: string[]): StudentReportData {
  const common = { student: job.entry.id, seed: job.seed, graderVersion: job.graderVersion, tests: 'public and hidden' as const, notes };
  if (outcome) return reportFromOutcome(outcome, common);
  return reportWithoutOutcome(grades, definitions, { ...common, status: run.status === 'graded' ? 'grader-failed' : run.status, reason: run.reason ?? GRADER_FAILED_REASON });
}

/** The result for a student whose grading could not finish at all (the grading process itself died). */
export function graderFailedResult(job: StudentJob, detail: string): StudentResult {
  const definitions = job.assignments.map(findAssignment);
  const run = identified(job, { status: 'grader-failed', reason: GRADER_FAILED_REASON, detail, submissionHash: job.submissionHash, folder: job.folder });
  return studentResult(job, definitions, { run, grades: zeroAll(definitions, GRADER_FAILED_REASON) }, 0);
}

/**
 * The run with the submission it came from and, first among its notes, why the student's id or folder is
 * not the obvious one (discover.ts, output-folders.ts), so grades.json, the report and results.json say so.
 */
function identified(job: StudentJob, run: StudentRun): StudentRun {
  const notes = [...(job.entry.notes ?? []), ...(run.notes ?? [])];
  return { ...run, entry: job.entry.name, ...(notes.length > 0 ? { notes } : {}) };
}

function zeroAll(definitions: readonly AssignmentDefinition[], reason: string): StudentGrades {
  return Object.fromEntries(definitions.map((definition) => [definition.id, zeroGrade(definition.tests, reason)]));
}

async function gradeEntry(job: StudentJob, definitions: ReturnType<typeof findAssignment>[]): Promise<{ run: StudentRun; grades: StudentGrades; outcome?: SubmissionOutcome }> {
  const { entry, submissionHash, folder } = job;
  let unpacked: string | undefined;
  const notes: string[] = [];
  try {
    let root = entry.path;
    if (entry.kind === 'zip') {
      const result = await unzipSubmission(entry.path);
      if (!result.ok) {
        const reason = `ungradable: ${result.reason}`;
        return { run: { status: 'ungradable', reason, submissionHash, folder }, grades: zeroAll(definitions, reason) };
      }
      unpacked = result.folder;
      root = result.folder;
      for (const refused of result.refused) notes.push(`zip entry refused: ${refused}`);
    }
    const found = findSubmissionFolder(root, job.assignments);
    notes.push(...found.notes);
    try {
      const outcome = await gradeSubmission(found.folder, definitions, { gradingSeed: job.seed, limits: runLimits(job.timeLimits) });
      const grades: StudentGrades = Object.fromEntries(outcome.assignments.map((assignment) => [assignment.assignment, assignmentGrade(assignment)]));
      const run: StudentRun = { status: 'graded', submissionHash, folder };
      if (notes.length > 0) run.notes = notes;
      return { run, grades, outcome };
    } catch (error) {
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      return { run: { status: 'grader-failed', reason: GRADER_FAILED_REASON, detail, submissionHash, folder, ...(notes.length ? { notes } : {}) }, grades: zeroAll(definitions, GRADER_FAILED_REASON) };
    }
  } finally {
    if (unpacked) rmSync(unpacked, { recursive: true, force: true });
  }
}
