/**
 * The batch benchmark (issue 4): `grader batch` on a synthetic class against the naive way a TA would
 * otherwise grade it, one `npm run test:student` per student (timed on a sample of them, public tests
 * only, so the naive way is flattered). Also the per-student floor (empty submissions) and the peak memory
 * of the grading process and its sandboxes together.
 */
import { spawn, spawnSync } from 'node:child_process';
import { treeResidentKb } from '../sandbox/resident-memory.ts';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../paths.ts';
import { syntheticClass } from './synthetic-class.ts';

export interface BatchFigures {
  students: number;
  seconds: number;
  perSecond: number;
  peakMemoryMb: number;
}

/** Runs `grader batch` as a child process and samples the memory of its whole process tree. */
export async function timeBatch(classDir: string, jobs: number): Promise<BatchFigures> {
  const out = mkdtempSync(join(tmpdir(), 'numgrade-bench-out-'));
  const students = readdirSync(classDir).length;
  const started = performance.now();
  const child = spawn(process.execPath, [join(projectRoot, 'grader', 'bin', 'grader.mjs'), 'batch', classDir, '--out', out, '--jobs', String(jobs)], { cwd: projectRoot, env: { ...process.env, CI: 'true' }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  let peak = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, treeResidentKb(child.pid!));
  }, 200);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearInterval(sampler);
  const seconds = (performance.now() - started) / 1000;
  rmSync(out, { recursive: true, force: true });
  if (code !== 0) throw new Error(`grader batch exited with ${code}:\n${stderr}`);
  return { students, seconds, perSecond: students / seconds, peakMemoryMb: peak / 1024 };
}

/** Seconds of one `npm run test:student` on a student's folder (the naive way). */
export function timeNaive(folder: string): number {
  const started = performance.now();
  const run = spawnSync('npm', ['run', '--silent', 'test:student'], { cwd: projectRoot, env: { ...process.env, GRADER_SUBMISSION: folder, CI: 'true' }, encoding: 'utf8' });
  if (!/total\s+\d+ \/ \d+/.test(run.stdout)) throw new Error(`the student run printed no totals:\n${run.stdout}\n${run.stderr}`);
  return (performance.now() - started) / 1000;
}

export async function benchBatch(log: (line: string) => void): Promise<void> {
  const size = Number(process.env.BENCH_CLASS ?? 200);
  const sample = Number(process.env.BENCH_NAIVE_SAMPLE ?? 6);
  const jobs = Number(process.env.BENCH_JOBS ?? cpus().length);
  const classDir = syntheticClass(size);
  const emptyDir = syntheticClass(40, { empty: true });
  try {
    const batch = await timeBatch(classDir, jobs);
    const floor = await timeBatch(emptyDir, jobs);
    const folders = readdirSync(classDir).sort();
    const naive = folders.filter((_, index) => index % Math.ceil(folders.length / sample) === 0).slice(0, sample).map((name) => timeNaive(join(classDir, name)));
    const naiveSeconds = naive.reduce((sum, value) => sum + value, 0) / naive.length;
    log(`batch grading, ${cpus().length} cores, --jobs ${jobs}, isolation on`);
    log(`  grader batch, ${batch.students} students × 4 assignments (public + hidden): ${batch.seconds.toFixed(1)} s, ${batch.perSecond.toFixed(2)} students/s, peak memory ${batch.peakMemoryMb.toFixed(0)} MB`);
    log(`  naive (npm run test:student per student, public tests only), ${naive.length} sampled: ${naiveSeconds.toFixed(2)} s each, ${(1 / naiveSeconds).toFixed(3)} students/s`);
    log(`  ratio: ${(batch.perSecond * naiveSeconds).toFixed(1)}× the naive way`);
    log(`  floor (empty submissions), ${floor.students} students: ${floor.seconds.toFixed(1)} s in all (includes calibration), ${((floor.seconds * 1000) / floor.students).toFixed(0)} ms per student`);
  } finally {
    rmSync(classDir, { recursive: true, force: true });
    rmSync(emptyDir, { recursive: true, force: true });
  }
}
