/**
 * The student's view end to end: `npm run test:student` (vitest with the student config) against the
 * reference solutions earns every public point, against the stubs earns none and says "not implemented",
 * and both end with honest totals naming the hidden tests that were not run. A submission with one mistake
 * sees each failing test with its one-line verdict under the points, uncolored when the output is piped.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fixturesDir, projectRoot, solutionsDir, starterDir } from '../../grader/paths.ts';
import { assignments } from '../../assignments/index.ts';

/** The student run on `folder`; by default uncolored the explicit way (NO_COLOR), as CI runs it. */
function studentRun(folder: string, options: { only?: string; env?: NodeJS.ProcessEnv } = {}) {
  const run = spawnSync(process.execPath, [join(projectRoot, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '-c', 'vitest.student.config.ts', ...(options.only ? [options.only] : [])], {
    cwd: projectRoot,
    env: { ...(options.env ?? { ...process.env, NO_COLOR: '1', CI: 'true' }), GRADER_SUBMISSION: folder },
    encoding: 'utf8',
    timeout: 180_000,
  });
  return { status: run.status, stdout: run.stdout, output: `${run.stdout}\n${run.stderr}` };
}

const publicPoints = assignments.flatMap((assignment) => assignment.tests).filter((test) => test.visibility === 'public').reduce((sum, test) => sum + test.points, 0);
const hidden = assignments.flatMap((assignment) => assignment.tests).filter((test) => test.visibility === 'hidden');

describe('the student run', () => {
  it('gives the reference solutions every public point and names the hidden tests not run', () => {
    const { status, output } = studentRun(solutionsDir);
    expect(status, output).toBe(0);
    expect(output).toMatch(new RegExp(`total\\s+${publicPoints} / ${publicPoints}`));
    expect(output).toContain(`Not run here: ${hidden.length} hidden tests worth ${hidden.reduce((sum, test) => sum + test.points, 0)} points`);
  });

  it('gives the starter stubs zero, each failure saying "not implemented", without crashing the run', () => {
    const { status, output } = studentRun(starterDir);
    expect(status).toBe(1);
    expect(output).toMatch(new RegExp(`total\\s+0 / ${publicPoints}`));
    expect(output).toMatch(/is not implemented yet/);
    for (const assignment of assignments) {
      const count = assignment.tests.filter((test) => test.visibility === 'public').length;
      expect(output).toContain(`0 of ${count} tests passed, ${count} not implemented yet`);
    }
    expect(output).not.toMatch(/Unhandled|TypeError|ReferenceError/);
  });

  it('lists each failing test with its verdict under the points, uncolored when piped even in CI', () => {
    // Only the summary is ours: vitest colors its own output whenever CI is set, piped or not.
    const env: NodeJS.ProcessEnv = { ...process.env, CI: 'true' };
    delete env.NO_COLOR;
    delete env.FORCE_COLOR;
    const { status, stdout, output } = studentRun(join(fixturesDir, 'submissions', 'sd-sigmoid-sign'), { only: 'assignments/sigmoid-derivative', env });
    expect(status, output).toBe(1);
    const summary = stdout.slice(stdout.indexOf(' Points (public tests run here):'), stdout.indexOf('they run only when the course staff grade.'));
    expect(summary, output).toContain('Not run here: 3 hidden tests worth 4 points');
    expect(summary, output).not.toMatch(/\x1b\[/);
    expect(summary).toMatch(/sigmoid-derivative\s+9 \/ 14\s+\(4 of 6 tests passed\)/);
    expect(summary).toMatch(/^ {5}failed +sigmoid: values on moderate inputs \(2 points\): sigmoid\(-20\) is off by /m);
    expect(summary).toMatch(/^ {5}failed +numerical stability for \|z\| up to 1000 \(3 points\): sigmoid\(-40\) is off by /m);
    expect(summary.match(/^ {5}failed /gm)).toHaveLength(2);
  });
});
