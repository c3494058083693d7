/**
 * `grader batch` end to end on a class whose names attack the batch's bookkeeping rather than its sandbox:
 * folders named "__proto__", "constructor" and "toJSON"; `dup.zip` beside `dup.ZIP`; `carol/` beside
 * `carol.zip` beside `carol.zip.zip`; a folder named like the class's own grades.json, beside one named
 * like the folder that one is moved to; "Ann" beside "ann" (one folder on macOS and Windows); a folder
 * whose name holds a newline and ESC [2J and forges a progress line; spreadsheet formulas as names. Every
 * one is graded with its own grade, appears in grades.json, gradebook.csv and index.html, has a folder of
 * its own, and the summary's counts add up; nothing raw reaches the terminal. Only sigmoid-derivative is
 * graded, to keep the run short; --resume then reads the class back.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { projectRoot } from '../../grader/paths.ts';
import { RUN_KEY, validateGradesFile, type GradesFile, type GradingRun, type StudentGrades } from '../../grader/batch/grades-file.ts';
import { folderKey } from '../../grader/batch/output-folders.ts';
import { escapeControl } from '../../grader/feedback/escape-control.ts';
import { csvField } from '../../grader/batch/gradebook-csv.ts';
import { fixtureEntries, makeZip, submissionsDir, tempFolder } from './build-class.ts';

const ASSIGNMENT = 'sigmoid-derivative';
/** A folder name cannot hold "/", so the forged progress line says "of". */
const FORGED = 'evil\n\x1b[2J[1 of 1] everyone: 18 of 18';
const HYPERLINK = '=HYPERLINK("evil.example","y")';
/** Student id → the fixture graded under it. Distinct fixtures where ids could be confused, so a grade written over another shows. */
const CLASS: Record<string, string> = {
  ['__proto__']: 'correct-a',
  constructor: 'sd-relu-sign',
  toJSON: 'correct-a',
  'dup.zip': 'correct-a',
  'dup.ZIP': 'sd-forgot-sigma',
  carol: 'correct-a',
  'carol.zip': 'sd-relu-sign',
  'carol.zip.zip': 'sd-forgot-sigma',
  'grades.json': 'sd-relu-sign',
  'student-grades.json': 'correct-a',
  Ann: 'correct-a',
  ann: 'sd-forgot-sigma',
  [FORGED]: 'correct-a',
  [HYPERLINK]: 'correct-a',
  '@SUM(1+1)': 'sd-relu-sign',
};
/** The inputs that are zips: the submissions folder's name → the student id. */
const ZIPS = new Set(['dup.zip', 'dup.ZIP', 'carol.zip', 'carol.zip.zip']);
/** What a terminal would act on: none of it may reach stdout or stderr raw. */
const RAW = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

const grader = join(projectRoot, 'grader', 'bin', 'grader.mjs');

function batch(classDir: string, out: string, extra: string[] = []) {
  return spawnSync(process.execPath, [grader, 'batch', classDir, '--out', out, '--jobs', '2', '--assignment', ASSIGNMENT, ...extra], { cwd: projectRoot, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
}

function sigmoidFile(fixture: string) {
  return fixtureEntries(fixture).filter((entry) => entry.name === `${ASSIGNMENT}.ts`);
}

let classDir: string;
let out: string;
let run: ReturnType<typeof batch>;
let grades: GradesFile;
let runRecord: GradingRun;

beforeAll(async () => {
  classDir = tempFolder('numgrade-ids-class-');
  for (const [id, fixture] of Object.entries(CLASS)) {
    if (ZIPS.has(id)) {
      await makeZip(join(classDir, id), sigmoidFile(fixture));
    } else {
      mkdirSync(join(classDir, id));
      writeFileSync(join(classDir, id, `${ASSIGNMENT}.ts`), readFileSync(join(submissionsDir, fixture, `${ASSIGNMENT}.ts`)));
    }
  }
  writeFileSync(join(classDir, 'notes.txt'), 'not a student');
  out = tempFolder('numgrade-ids-out-');
  run = batch(classDir, out);
  grades = JSON.parse(readFileSync(join(out, 'grades.json'), 'utf8')) as GradesFile;
  runRecord = grades[RUN_KEY];
}, 300_000);

/** Each student's score, read from the parsed file by own keys only. */
function scoreOf(file: GradesFile, id: string): number | undefined {
  return Object.hasOwn(file, id) ? (file[id] as StudentGrades)[ASSIGNMENT]!.score : undefined;
}

describe('grader batch with names that attack its bookkeeping', () => {
  it('grades every input under an id of its own, with its own grade, and exits 0', () => {
    expect(run.stderr).not.toMatch(/internal error/);
    expect(run.status, run.stderr).toBe(0);
    expect(validateGradesFile(grades)).toEqual([]);
    expect(Object.keys(grades).filter((key) => key !== RUN_KEY).sort()).toEqual(Object.keys(CLASS).sort());
    expect(Object.keys(runRecord.students).sort()).toEqual(Object.keys(CLASS).sort());
    const full = scoreOf(grades, 'carol')!;
    const reluSign = scoreOf(grades, 'carol.zip')!;
    const forgotSigma = scoreOf(grades, 'carol.zip.zip')!;
    expect(new Set([full, reluSign, forgotSigma]).size).toBe(3);
    const expected = { 'correct-a': full, 'sd-relu-sign': reluSign, 'sd-forgot-sigma': forgotSigma } as Record<string, number>;
    for (const [id, fixture] of Object.entries(CLASS)) expect(scoreOf(grades, id), id).toBe(expected[fixture]);
  });

  it('says which input became which student, and gives each a folder no other student shares, even ignoring case', () => {
    for (const id of Object.keys(CLASS)) expect(Object.hasOwn(runRecord.students, id) && runRecord.students[id]!.entry, id).toBe(id);
    expect(runRecord.students['dup.ZIP']!.notes).toEqual(['graded as the student "dup.ZIP", not "dup": "dup.zip" would be "dup" too']);
    expect(runRecord.students['grades.json']!.folder).toBe('student-grades.json (2)');
    expect(runRecord.students['student-grades.json']!.folder).toBe('student-grades.json');
    expect(runRecord.students.ann!.folder).toBe('ann (2)');
    const folders = Object.values(runRecord.students).map((entry) => folderKey(entry.folder));
    expect(new Set(folders).size).toBe(folders.length);
    for (const [id, entry] of Object.entries(runRecord.students)) {
      const record = JSON.parse(readFileSync(join(out, entry.folder, 'grade.json'), 'utf8')) as { student: string };
      expect(record.student, id).toBe(id);
      expect(existsSync(join(out, entry.folder, 'report.html')), id).toBe(true);
    }
    expect(run.stdout).toContain('given another id or folder than their own name (');
    expect(run.stdout).toContain('  "grades.json" → student "grades.json", folder "student-grades.json (2)"');
    expect(run.stdout).toContain('  "carol.zip.zip" → student "carol.zip.zip"');
    expect(runRecord.refused).toEqual([{ name: 'notes.txt', reason: 'not a folder or .zip' }]);
  });

  it('writes a gradebook row for every student, and no cell a spreadsheet would run', () => {
    const csv = readFileSync(join(out, 'gradebook.csv'), 'utf8');
    const rows = Object.keys(CLASS).map((id) => `${csvField(id)},${scoreOf(grades, id)},${scoreOf(grades, id)}`);
    for (const row of rows) expect(csv).toContain(`\r\n${row}\r\n`);
    expect(csv).toContain(`\r\n"'=HYPERLINK(""evil.example"",""y"")",${scoreOf(grades, HYPERLINK)},`);
    expect(csv).toContain(`\r\n'@SUM(1+1),`);
    expect(csv.split('\r\n').filter((line) => /^[=+\-@]/.test(line))).toEqual([]);
  });

  it('lists every student in index.html, linked to their own report, and the counts add up', () => {
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    expect(html).not.toMatch(RAW);
    for (const [id, entry] of Object.entries(runRecord.students)) {
      expect(html, id).toContain(`href="${Handlebars.escapeExpression(`${encodeURIComponent(entry.folder)}/report.html`)}"`);
      expect(html, id).toContain(`>${Handlebars.escapeExpression(escapeControl(id))}</a>`);
    }
    const count = Object.keys(CLASS).length;
    expect(html).toContain(`found ${count + 1} in the submissions folder: ${count} graded + 0 could not be graded + 1 refused`);
    expect(html).toContain('<td>notes.txt</td><td>not a folder or .zip</td>');
  });

  it('lets nothing raw reach the terminal, and the summary accounts for every entry by name', () => {
    expect(run.stdout).not.toMatch(RAW);
    expect(run.stderr).not.toMatch(RAW);
    const count = Object.keys(CLASS).length;
    expect(run.stdout).toContain(`found ${count + 1} in the submissions folder: ${count} graded + 0 could not be graded + 1 refused`);
    expect(run.stdout).toContain('refused, not students (1):\n  "notes.txt": not a folder or .zip');
    expect(run.stdout).toContain('"evil\\n\\x1b[2J[1 of 1] everyone: 18 of 18"');
    // The forged progress line stays on the line of the student who wrote it.
    const progress = run.stderr.split('\n').filter((line) => /^\[\d+\/\d+\] /.test(line));
    expect(progress).toHaveLength(count);
    expect(progress.some((line) => line.includes('] evil\\n\\x1b[2J[1 of 1] everyone: 18 of 18: '))).toBe(true);
  });

  it('--resume finds every student unchanged, under the same ids and folders', () => {
    const again = batch(classDir, out, ['--resume']);
    expect(again.status, again.stderr).toBe(0);
    const lines = again.stderr.split('\n').filter((line) => /^\[\d+\/\d+\] /.test(line));
    expect(lines.filter((line) => line.includes(': unchanged, ')), again.stderr).toHaveLength(Object.keys(CLASS).length);
    const resumed = JSON.parse(readFileSync(join(out, 'grades.json'), 'utf8')) as GradesFile;
    expect(validateGradesFile(resumed)).toEqual([]);
    for (const id of Object.keys(CLASS)) expect(scoreOf(resumed, id), id).toBe(scoreOf(grades, id));
  }, 120_000);
});
