/**
 * Grades a whole class: every student of a submissions folder on the chosen assignments, public and
 * hidden tests, several students at once (each in a grading worker process, worker-pool.ts, and each
 * submission's code in a sandbox of its own). Each student's folder (results.json, report.html, report.md,
 * grade.json) is written as soon as they are done; grades.json, gradebook.csv and index.html are rewritten as students finish, at most once a second (less often for
 * a large class), and at the end. A batch stopped midway keeps every finished student's folder (the class
 * files may lag by the last few students), and `--resume` carries on from those folders.
 *
 * A failure while grading one student never touches another: a broken zip makes that student ungradable
 * with the reason; a bug of the grader's on one submission is recorded for that student as the grader's
 * failure, with the details for staff.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { writeAtomically } from '../write-atomically.ts';
import { join } from 'node:path';
import type { AssignmentDefinition } from '../definition/types.ts';
import type { TimeLimitPlan } from '../grading/time-limits.ts';
import { graderVersion } from '../version.ts';
import { defaultTimeLimits } from '../submission/student-module.ts';
import { TRAINING_TIMEOUT_MS } from '../checks/training-check.ts';
import { isolationRecord } from '../sandbox/isolation.ts';
import { discoverStudents, type StudentEntry } from './discover.ts';
import { outputFolders } from './output-folders.ts';
import { idTable, own } from './id-table.ts';
import { hashSubmission } from './submission-hash.ts';
import { gradesJson, type GradingRun, type StudentGrades, type StudentRun } from './grades-file.ts';
import { gradebookCsv } from './gradebook-csv.ts';
import type { HiddenVisibility } from './gradescope-output.ts';
import type { StudentJob } from './grade-student.ts';
import { WorkerPool } from './worker-pool.ts';
import { loadTemplates } from '../report/templates.ts';
import { classView } from '../report/class-view.ts';
import { renderClassIndex } from '../report/render-class.ts';
import { renderHandout } from '../report/render-handout.ts';
import { reportTime } from '../report/render-student.ts';

export interface GradeClassOptions {
  submissions: string;
  out: string;
  assignments: readonly AssignmentDefinition[];
  seed: number;
  jobs: number;
  resume: boolean;
  timeLimits: TimeLimitPlan;
  hiddenVisibility?: HiddenVisibility;
  /** An instructor's report templates folder (`--templates`), in place of the defaults. */
  templates?: string;
  /** The time in the reports' footers (default: when each is written; SOURCE_DATE_EPOCH fixes it). */
  gradedAt?: string;
  /** Called when a student is done (or skipped as unchanged). */
  onStudent?(event: StudentDone): void;
  /** Called once the students are known. */
  onStart?(total: number): void;
}

export interface StudentDone {
  id: string;
  status: StudentRun['status'] | 'unchanged';
  score: number;
  max: number;
}

export interface ClassOutcome {
  /** The run, with every student's `StudentRun` and the refused entries of the submissions folder. */
  run: GradingRun;
  /** Student id → grades: a null-prototype table (id-table.ts), every id an ordinary key. */
  students: Record<string, StudentGrades>;
  /**
   * The submissions whose id is not their plain name (a zip's name without ".zip", a folder's name) or
   * whose folder under `<out>` is not their id, with why: the summary lists them, so a TA sees which input
   * became which student.
   */
  named: NamedApart[];
  /** Students on whose submission the grader itself failed (on a whole submission or on a test). */
  graderFailures: string[];
}

export interface NamedApart {
  entry: string;
  id: string;
  folder: string;
  notes: string[];
}

/** What each student's folder under `<out>` holds about the last grading, for --resume. */
interface StudentRecord {
  student: string;
  graderVersion: string;
  seed: number;
  assignments: string[];
  run: StudentRun;
  grades: StudentGrades;
}

const CLASS_FILES_EVERY_MS = 1_000;

export async function gradeClass(options: GradeClassOptions): Promise<ClassOutcome> {
  const { students, refused } = discoverStudents(options.submissions);
  const folders = outputFolders(students.map((entry) => entry.id));
  const named = students.flatMap((entry): NamedApart[] => {
    const { folder, note } = folders.get(entry.id)!;
    const notes = [...(entry.notes ?? []), ...(note ? [note] : [])];
    return notes.length > 0 ? [{ entry: entry.name, id: entry.id, folder, notes }] : [];
  });
  const ids = options.assignments.map((definition) => definition.id);
  const run: GradingRun = {
    graderVersion: graderVersion(),
    seed: options.seed,
    assignments: ids,
    node: process.version,
    isolation: isolationRecord(),
    timeLimits: { perCallMs: { ...defaultTimeLimits, trainingMs: TRAINING_TIMEOUT_MS }, perTestMs: options.timeLimits.testMs, perSubmissionMs: options.timeLimits.submissionMs, referenceTotalMs: options.timeLimits.referenceTotalMs },
    students: idTable<StudentRun>(),
    refused,
  };
  const grades = idTable<StudentGrades>();
  const graderFailures: string[] = [];
  const templates = loadTemplates(options.templates);
  // The handouts the reports link to, once for the class.
  mkdirSync(join(options.out, 'handouts'), { recursive: true });
  for (const definition of options.assignments) writeAtomically(join(options.out, 'handouts', `${definition.id}.html`), renderHandout(definition, templates));
  mkdirSync(options.out, { recursive: true });
  options.onStart?.(students.length);

  // grades.json and gradebook.csv hold the whole class: rewritten after every student they would cost
  // O(N²) bytes (about 22 KB a student: 22 GB for a class of 1 000). So while grading they are rewritten
  // when a student finishes only if at least a second, and at least 20 times the last rewrite's own time,
  // has passed since it (their writing then takes at most 5% of the batch), and once more at the end. Each
  // student's own folder is written the moment they finish, and --resume rebuilds the class from those.
  let classFilesWritten = -Infinity;
  let classFilesTook = 0;
  const writeClassFiles = () => {
    const started = performance.now();
    writeAtomically(join(options.out, 'grades.json'), gradesJson({ run, students: grades }));
    writeAtomically(join(options.out, 'gradebook.csv'), gradebookCsv(grades, ids));
    const view = classView({ run, students: grades }, options.assignments, {
      gradedAt: options.gradedAt ?? reportTime(),
      reportHref: (id) => {
        const folder = own(run.students, id)?.folder;
        return folder === undefined ? undefined : `${encodeURIComponent(folder)}/report.html`;
      },
    });
    writeAtomically(join(options.out, 'index.html'), renderClassIndex(view, templates));
    classFilesWritten = performance.now();
    classFilesTook = classFilesWritten - started;
  };
  const writeClassFilesNowAndThen = () => {
    if (performance.now() - classFilesWritten >= Math.max(CLASS_FILES_EVERY_MS, 20 * classFilesTook)) writeClassFiles();
  };

  const gradeOne = async (discovered: StudentEntry) => {
    const { folder: folderName, note: folderNote } = folders.get(discovered.id)!;
    const entry: StudentEntry = folderNote ? { ...discovered, notes: [...(discovered.notes ?? []), folderNote] } : discovered;
    const studentOut = join(options.out, folderName);
    const submissionHash = hashSubmission(entry.path, entry.kind);
    if (options.resume) {
      const previous = readRecord(join(studentOut, 'grade.json'));
      // The record must be this student's: folders can change hands between runs (a new "Ann" beside "ann").
      // A grading on which the grader failed (a crashed compiler, a dead worker) is no grade to keep: the
      // student is graded again.
      if (previous && previous.student === entry.id && previous.run.folder === folderName && previous.run.entry === entry.name && previous.graderVersion === run.graderVersion && previous.seed === options.seed && previous.run.submissionHash === submissionHash && sameList(previous.assignments, ids) && ['results.json', 'report.html', 'report.md'].every((file) => existsSync(join(studentOut, file))) && !graderFailedOn(previous)) {
        run.students[entry.id] = previous.run;
        grades[entry.id] = previous.grades;
        options.onStudent?.({ id: entry.id, status: 'unchanged', ...totals(previous.grades) });
        return;
      }
    }
    const job: StudentJob = {
      entry,
      assignments: ids,
      seed: options.seed,
      timeLimits: options.timeLimits,
      submissionHash,
      folder: folderName,
      hiddenVisibility: options.hiddenVisibility,
      isolation: run.isolation,
      graderVersion: run.graderVersion,
      ...(options.templates ? { templates: options.templates } : {}),
      ...(options.gradedAt ? { gradedAt: options.gradedAt } : {}),
    };
    const { run: studentRun, grades: studentGrades, results, rendered } = await pool.run(job, options.timeLimits.submissionMs + 120_000);
    if (studentRun.status === 'grader-failed' || hasGraderError(studentGrades)) graderFailures.push(entry.id);
    mkdirSync(studentOut, { recursive: true });
    writeAtomically(join(studentOut, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
    writeAtomically(join(studentOut, 'report.html'), rendered.html);
    writeAtomically(join(studentOut, 'report.md'), rendered.md);
    const record: StudentRecord = { student: entry.id, graderVersion: run.graderVersion, seed: options.seed, assignments: ids, run: studentRun, grades: studentGrades };
    writeAtomically(join(studentOut, 'grade.json'), `${JSON.stringify(record, null, 2)}\n`);
    run.students[entry.id] = studentRun;
    grades[entry.id] = studentGrades;
    writeClassFilesNowAndThen();
    options.onStudent?.({ id: entry.id, status: studentRun.status, ...totals(studentGrades) });
  };

  const queue = [...students];
  const jobs = Math.max(1, Math.min(options.jobs, students.length));
  const pool = new WorkerPool(jobs);
  const worker = async () => {
    for (let entry = queue.shift(); entry; entry = queue.shift()) await gradeOne(entry);
  };
  try {
    await Promise.all(Array.from({ length: jobs }, worker));
  } finally {
    pool.close();
  }
  writeClassFiles();
  return { run, students: grades, named, graderFailures: graderFailures.sort() };
}

function totals(grades: StudentGrades): { score: number; max: number } {
  const all = Object.values(grades);
  return { score: all.reduce((sum, grade) => sum + grade.score, 0), max: all.reduce((sum, grade) => sum + grade.max, 0) };
}

function graderFailedOn(record: StudentRecord): boolean {
  return record.run.status === 'grader-failed' || hasGraderError(record.grades);
}

function hasGraderError(grades: StudentGrades): boolean {
  return Object.values(grades).some((grade) => grade.tests.some((test) => test.graderError !== undefined));
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

function readRecord(path: string): StudentRecord | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as StudentRecord;
  } catch {
    return undefined;
  }
}
