/**
 * `grader batch` end to end on a small class: every student appears with scores or a reason, the files
 * have their formats, the grades do not depend on --jobs, and --resume picks up where a run stopped.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../grader/paths.ts';
import { RUN_KEY, validateGradesFile, type GradesFile, type StudentGrades } from '../../grader/batch/grades-file.ts';
import { addStudent, fixtureEntries, makeZip, submissionsDir, tempFolder } from './build-class.ts';

const grader = join(projectRoot, 'grader', 'bin', 'grader.mjs');
const AWKWARD = 'Émile, "the" Borel';

function batch(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [grader, 'batch', ...args], { cwd: projectRoot, encoding: 'utf8', env: { ...process.env, CI: 'true', ...env } });
}

function readGrades(out: string): GradesFile {
  return JSON.parse(readFileSync(join(out, 'grades.json'), 'utf8')) as GradesFile;
}

function studentsOf(file: GradesFile): Record<string, StudentGrades> {
  return Object.fromEntries(Object.entries(file).filter(([key]) => key !== RUN_KEY)) as Record<string, StudentGrades>;
}

let classDir: string;

beforeAll(async () => {
  classDir = tempFolder('numgrade-class-');
  addStudent(classDir, AWKWARD, 'correct-a');
  addStudent(classDir, 'bob', 'sd-forgot-sigma');
  addStudent(classDir, 'carol', 'its-poisson-off-by-one');
  await makeZip(join(classDir, 'dave.zip'), fixtureEntries('sd-relu-sign', 'my-folder/'));
  await makeZip(join(classDir, 'mallory.zip'), [...fixtureEntries('sd-correct-tanh-half'), { name: '../../escaped.ts', contents: 'export {}' }]);
  writeFileSync(join(classDir, 'eve.zip'), 'this is not a zip');
  writeFileSync(join(classDir, 'notes.txt'), 'a stray file');
});

describe('grader batch', () => {
  let out1: string;
  let run1: ReturnType<typeof batch>;

  it('grades every student, whatever they handed in, and exits 0', () => {
    out1 = tempFolder('numgrade-out-');
    run1 = batch([classDir, '--out', out1, '--jobs', '2']);
    expect(run1.stderr).not.toMatch(/internal error/);
    expect(run1.status).toBe(0);
    const grades = readGrades(out1);
    expect(validateGradesFile(grades)).toEqual([]);
    const students = studentsOf(grades);
    expect(Object.keys(students)).toEqual(['bob', 'carol', 'dave', 'eve', 'mallory', AWKWARD]);
    expect(students[AWKWARD]!['sigmoid-derivative']!.score).toBe(students[AWKWARD]!['sigmoid-derivative']!.max);
    expect(students[AWKWARD]!['inverse-transform-sampling']!.score).toBe(students[AWKWARD]!['inverse-transform-sampling']!.max);
    expect(students.bob!['two-layer-backprop']!.reason).toBe('missing');
    expect(students.bob!['two-layer-backprop']!.score).toBe(0);
    expect(students.bob!['sigmoid-derivative']!.score).toBeGreaterThan(0);
    expect(students.bob!['sigmoid-derivative']!.score).toBeLessThan(students.bob!['sigmoid-derivative']!.max);
    // A zip of a folder is graded from inside the folder; the mistake loses points there.
    expect(students.dave!['sigmoid-derivative']!.tests.find((test) => test.id === 'relu-derivative-values')!.status).toBe('failed');
    // The escaping entry is refused, the rest graded, and staff are told.
    expect(students.mallory!['sigmoid-derivative']!.score).toBe(students.mallory!['sigmoid-derivative']!.max);
    expect(grades[RUN_KEY].students.mallory!.notes).toEqual(['zip entry refused: ../../escaped.ts (points outside the submission)']);
    expect(existsSync(join(classDir, '..', 'escaped.ts'))).toBe(false);
    // A broken zip: zero everywhere, with the reason.
    expect(grades[RUN_KEY].students.eve!.status).toBe('ungradable');
    expect(students.eve!['sigmoid-derivative']!.reason).toMatch(/^ungradable: the zip could not be read/);
    expect(grades[RUN_KEY].seed).toBe(20261123);
    expect(grades[RUN_KEY].graderVersion).toMatch(/^\d+\.\d+\.\d+\+[0-9a-f]{12}$/);
    expect(run1.stdout).toMatch(/graded 5 of 6 students/);
    expect(run1.stdout).toContain('refused, not students (1):\n  "notes.txt": not a folder or .zip');
    expect(run1.stdout).toContain('found 7 in the submissions folder: 5 graded + 1 could not be graded + 1 refused');
  }, 180_000);

  it('writes an RFC 4180 gradebook and a Gradescope results.json per student', () => {
    const csv = readFileSync(join(out1, 'gradebook.csv'), 'utf8');
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('student,sigmoid-derivative,two-layer-backprop,softmax-ce-gradient,inverse-transform-sampling,total');
    expect(lines).toContain('"Émile, ""the"" Borel",18,21,20,19,78');
    expect(lines.filter((line) => line !== '')).toHaveLength(7);
    for (const student of ['bob', 'eve', AWKWARD]) {
      const results = JSON.parse(readFileSync(join(out1, student, 'results.json'), 'utf8'));
      expect(typeof results.score).toBe('number');
      expect(typeof results.execution_time).toBe('number');
      expect(results.visibility).toBe('visible');
      expect(results.stdout_visibility).toBe('hidden');
      expect(typeof results.output).toBe('string');
      const sum = results.tests.reduce((total: number, test: { score: number }) => total + test.score, 0);
      expect(results.score).toBe(sum);
    }
  });

  it('gives the same grades and feedback, byte for byte, with one job', () => {
    const out2 = tempFolder('numgrade-out-');
    const run2 = batch([classDir, '--out', out2, '--jobs', '1']);
    expect(run2.status).toBe(0);
    expect(JSON.stringify(studentsOf(readGrades(out2)))).toBe(JSON.stringify(studentsOf(readGrades(out1))));
    expect(readFileSync(join(out2, 'gradebook.csv'), 'utf8')).toBe(readFileSync(join(out1, 'gradebook.csv'), 'utf8'));
    rmSync(out2, { recursive: true, force: true });
  }, 180_000);

  it('--resume regrades only the students whose files changed', () => {
    appendFileSync(join(classDir, 'bob', 'sigmoid-derivative.ts'), '\n// edited\n');
    const run = batch([classDir, '--out', out1, '--jobs', '2', '--resume']);
    expect(run.status).toBe(0);
    const lines = run.stderr.split('\n').filter((line) => /^\[\d+\/\d+\]/.test(line));
    expect(lines.filter((line) => line.includes('unchanged'))).toHaveLength(5);
    expect(lines.filter((line) => /\] bob: \d/.test(line))).toHaveLength(1);
    expect(validateGradesFile(readGrades(out1))).toEqual([]);
  }, 180_000);

  it('a batch killed midway keeps the students it finished, and --resume completes it', async () => {
    const out = tempFolder('numgrade-out-');
    const privateTmp = tempFolder('numgrade-private-tmp-');
    const child = spawn(process.execPath, [grader, 'batch', classDir, '--out', out, '--jobs', '1'], { cwd: projectRoot, env: { ...process.env, CI: 'true', TMPDIR: privateTmp }, stdio: 'ignore' });
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (existsSync(join(out, 'grades.json'))) {
          clearInterval(timer);
          child.kill('SIGKILL');
          resolve();
        }
      }, 20);
    });
    await new Promise((resolve) => child.once('exit', resolve));
    // Its workers and their sandboxes end with it (nothing keeps running a student's code).
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).split('\n').filter((line) => line.includes(privateTmp))).toEqual([]);
    rmSync(privateTmp, { recursive: true, force: true });
    const partial = studentsOf(readGrades(out));
    expect(Object.keys(partial).length).toBeGreaterThan(0);
    expect(Object.keys(partial).length).toBeLessThan(6);
    const resumed = batch([classDir, '--out', out, '--jobs', '2', '--resume']);
    expect(resumed.status).toBe(0);
    expect(resumed.stderr).toMatch(/unchanged/);
    expect(Object.keys(studentsOf(readGrades(out)))).toHaveLength(6);
    rmSync(out, { recursive: true, force: true });
  }, 180_000);

  it("reports the grader's own failure on one student as such, grades the others, and exits 1", () => {
    const out = tempFolder('numgrade-out-');
    const run = batch([classDir, '--out', out, '--jobs', '2', '--assignment', 'sigmoid-derivative'], { GRADER_TEST_WORKER_DIES_ON: 'bob' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/the grader itself failed on 1 submission\(s\): "bob"/);
    const grades = readGrades(out);
    expect(grades[RUN_KEY].students.bob).toMatchObject({ status: 'grader-failed', reason: expect.stringMatching(/the grader failed on this submission/), detail: expect.stringMatching(/worker process ended/) });
    expect(studentsOf(grades).bob!['sigmoid-derivative']!.reason).toMatch(/the grader failed on this submission/);
    expect(studentsOf(grades).dave!['sigmoid-derivative']!.score).toBeGreaterThan(0);
    expect(studentsOf(grades)[AWKWARD]!['sigmoid-derivative']!.score).toBe(18);
    expect(JSON.parse(readFileSync(join(out, 'bob', 'results.json'), 'utf8')).output).toMatch(/the grader failed on this submission/);
    rmSync(out, { recursive: true, force: true });
  }, 180_000);

  it('exits 2 with a clear message on bad arguments', () => {
    const missing = batch([join(submissionsDir, 'no-such-folder'), '--out', tempFolder('numgrade-out-')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/is not a folder/);
    const badJobs = batch([classDir, '--out', tempFolder('numgrade-out-'), '--jobs', 'many']);
    expect(badJobs.status).toBe(2);
    expect(badJobs.stderr).toMatch(/--jobs/);
    const badAssignment = batch([classDir, '--out', tempFolder('numgrade-out-'), '--assignment', 'nope']);
    expect(badAssignment.status).toBe(2);
    expect(badAssignment.stderr).toMatch(/unknown assignment "nope"/);
  });
});
