/**
 * Where a batch's time goes: every student of a synthetic class graded one after another in this process,
 * each test's wall time (its sandbox work and its checks) summed per test and divided by the class size.
 * The sum is the work a batch must spread over its cores, whatever its parallelism: it bounds the ratio to
 * the naive way from above.
 */
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { assignments } from '../../assignments/index.ts';
import { gradeSubmission } from '../grading/grade-submission.ts';
import { DEFAULT_GRADING_SEED } from '../grading/seed.ts';
import { syntheticClass } from './synthetic-class.ts';

export async function benchTestCosts(size: number, log: (line: string) => void): Promise<{ perStudentSeconds: number }> {
  const root = syntheticClass(size);
  const perTest = new Map<string, number>();
  const started = performance.now();
  try {
    for (const name of readdirSync(root).sort()) {
      let last = performance.now();
      await gradeSubmission(join(root, name), assignments, {
        gradingSeed: DEFAULT_GRADING_SEED,
        onTest: (assignment, outcome) => {
          const now = performance.now();
          const key = `${assignment}/${outcome.id}`;
          perTest.set(key, (perTest.get(key) ?? 0) + (now - last));
          last = now;
        },
      });
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  const perStudentSeconds = (performance.now() - started) / 1000 / size;
  log(`test costs: ${size} synthetic students graded one after another, ${perStudentSeconds.toFixed(2)} s per student (the first test of each assignment includes loading it)`);
  for (const [key, ms] of [...perTest].sort((a, b) => b[1] - a[1]).slice(0, 12)) log(`  ${key.padEnd(56)} ${(ms / size).toFixed(0).padStart(5)} ms per student`);
  return { perStudentSeconds };
}
