/**
 * The student's view end to end: `npm run test:student` (vitest with the student config) against the
 * reference solutions earns every public point, against the stubs earns none and says "not implemented",
 * and both end with honest totals naming the hidden tests that were not run.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot, solutionsDir, starterDir } from '../../grader/paths.ts';
import { assignments } from '../../assignments/index.ts';

function studentRun(folder: string) {
  const run = spawnSync(process.execPath, [join(projectRoot, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '-c', 'vitest.student.config.ts'], {
    cwd: projectRoot,
    env: { ...process.env, GRADER_SUBMISSION: folder, NO_COLOR: '1', CI: 'true' },
    encoding: 'utf8',
    timeout: 180_000,
  });
  return { status: run.status, output: `${run.stdout}\n${run.stderr}` };
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
});
