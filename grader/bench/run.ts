/**
 * `npm run bench`: how long the things people wait for take, median of several runs, on this machine.
 *  - the student's `npm test` (all four assignments' public tests) against the reference solutions and
 *    against the starter stubs (goal: under 10 s);
 *  - grading one submission on every test, public and hidden, in the grading process.
 *  - batch grading of a synthetic class against the naive way (bench/batch.ts).
 *  - what each test costs per student over the synthetic class, one student after another (bench/test-costs.ts);
 *  - reports: a student's report rendered, a 1 000-student class index rendered and opened in Chromium (bench/reports.ts);
 *  - what isolation costs per student: bubblewrap against unshare and the permission model alone (bench/isolation.ts).
 * Figures go into BENCHMARKS.md by hand; nothing here asserts a time (shared machines are noisy).
 * BENCH_ONLY=student, batch, tests, reports or isolation runs one part.
 */
import { spawnSync } from 'node:child_process';
import { assignments } from '../../assignments/index.ts';
import { gradeSubmission } from '../grading/grade-submission.ts';
import { DEFAULT_GRADING_SEED } from '../grading/seed.ts';
import { projectRoot, solutionsDir, starterDir } from '../paths.ts';
import { benchBatch } from './batch.ts';
import { benchTestCosts } from './test-costs.ts';
import { benchReports } from './reports.ts';
import { median } from './median.ts';
import { benchIsolation } from './isolation.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);

function timeStudentRun(folder: string): number {
  const started = performance.now();
  const run = spawnSync(process.execPath, [`${projectRoot}/node_modules/vitest/vitest.mjs`, 'run', '-c', 'vitest.student.config.ts'], {
    cwd: projectRoot,
    env: { ...process.env, GRADER_SUBMISSION: folder, CI: 'true' },
    encoding: 'utf8',
  });
  const elapsed = (performance.now() - started) / 1000;
  if (!/total\s+\d+ \/ \d+/.test(run.stdout)) throw new Error(`the student run printed no totals:\n${run.stdout}\n${run.stderr}`);
  return elapsed;
}

async function timeFullGrading(folder: string): Promise<number> {
  const started = performance.now();
  await gradeSubmission(folder, assignments, { gradingSeed: DEFAULT_GRADING_SEED });
  return (performance.now() - started) / 1000;
}

const only = process.env.BENCH_ONLY;
if (only === undefined || only === 'student') {
  const rows: Array<[string, number[]]> = [];
  rows.push(['student run (npm test), reference solutions', Array.from({ length: RUNS }, () => timeStudentRun(solutionsDir))]);
  rows.push(['student run (npm test), starter stubs', Array.from({ length: RUNS }, () => timeStudentRun(starterDir))]);
  const full: number[] = [];
  for (let i = 0; i < RUNS; i++) full.push(await timeFullGrading(solutionsDir));
  rows.push(['grade one submission, all tests incl. hidden (in-process API)', full]);

  console.log(`node ${process.version}, ${RUNS} runs each, median (min–max) in seconds`);
  for (const [label, times] of rows) {
    console.log(`${label.padEnd(64)} ${median(times).toFixed(2)} (${Math.min(...times).toFixed(2)}–${Math.max(...times).toFixed(2)})`);
  }
}
if (only === undefined || only === 'batch') await benchBatch((line) => console.log(line));
if (only === undefined || only === 'tests') await benchTestCosts(46, (line) => console.log(line));
if (only === undefined || only === 'reports') await benchReports((line) => console.log(line));
if (only === undefined || only === 'isolation') await benchIsolation((line) => console.log(line));
