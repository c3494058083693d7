/**
 * `--require-isolation` refuses to run student code with less than full isolation, in every entry point
 * that grades untrusted code (batch, grade, gradescope), before anything is graded or written. Less than
 * full is simulated with GRADER_ISOLATION=unshare (network and PID namespaces only) and =off.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturesDir, projectRoot } from '../../grader/paths.ts';

const grader = join(projectRoot, 'grader', 'bin', 'grader.mjs');
const submission = join(fixturesDir, 'submissions', 'correct-a');

function run(args: string[], isolation: string) {
  return spawnSync(process.execPath, [grader, ...args], { cwd: projectRoot, encoding: 'utf8', env: { ...process.env, GRADER_ISOLATION: isolation }, timeout: 120_000 });
}

describe.each(['unshare', 'off'])('with GRADER_ISOLATION=%s', (isolation) => {
  it('grader grade --hidden --require-isolation refuses, saying what to install', () => {
    const refused = run(['grade', submission, '--hidden', '--assignment', 'sigmoid-derivative', '--require-isolation'], isolation);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/--require-isolation: student code would run with (partial|none) isolation only .*bubblewrap/);
    expect(refused.stdout).not.toMatch(/total:/);
  });

  it('grader batch and grader gradescope refuse too, writing nothing', () => {
    const out = mkdtempSync(join(tmpdir(), 'numgrade-require-isolation-'));
    try {
      const batch = run(['batch', join(fixturesDir, 'submissions'), '--out', join(out, 'class'), '--require-isolation'], isolation);
      expect(batch.status).toBe(1);
      expect(batch.stderr).toMatch(/--require-isolation/);
      expect(existsSync(join(out, 'class'))).toBe(false);
      const gradescope = run(['gradescope', submission, '--results', join(out, 'results.json'), '--require-isolation'], isolation);
      expect(gradescope.status).toBe(1);
      expect(existsSync(join(out, 'results.json'))).toBe(false);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe.skipIf(process.platform !== 'linux')('with less than full isolation and no --require-isolation', () => {
  it('grades, and says so loudly before the feedback', () => {
    const graded = run(['grade', submission, '--hidden', '--assignment', 'sigmoid-derivative'], 'unshare');
    expect(graded.status, graded.stderr).toBe(0);
    expect(graded.stderr).toMatch(/WARNING: student code runs with PARTIAL ONLY: unshare/);
    expect(graded.stdout).toMatch(/total: 18 \/ 18/);
  }, 120_000);
});
