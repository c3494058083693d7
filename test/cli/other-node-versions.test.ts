/**
 * The whole grader (not only its sandbox) under the other Node versions listed in GRADER_TEST_NODES
 * (.ci/run adds Node 24): a correct submission earns full marks and a hostile one is contained.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { delimiter, join } from 'node:path';
import { fixturesDir, projectRoot } from '../../grader/paths.ts';

const nodes = (process.env.GRADER_TEST_NODES ?? '').split(delimiter).filter(Boolean);

const none = nodes.length === 0;

describe.each(none ? ['(no other Node: GRADER_TEST_NODES is empty)'] : nodes)('the grader under %s', (node) => {
  const grade = (folder: string) =>
    spawnSync(node, [join(projectRoot, 'grader', 'bin', 'grader.mjs'), 'grade', folder, '--hidden', '--assignment', 'sigmoid-derivative'], { cwd: projectRoot, encoding: 'utf8' });

  it.skipIf(none)('gives a correct submission full marks', () => {
    const run = grade(join(fixturesDir, 'submissions', 'correct-a'));
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/total: 18 \/ 18/);
  }, 120_000);

  it.skipIf(none)('contains a submission that calls process.exit', () => {
    const run = grade(join(fixturesDir, 'class', 'hostile-process-exit'));
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/total: 15 \/ 18/);
  }, 120_000);
});
