/**
 * `grader validate` finds what is wrong with a problem, precisely: a course whose solution is mistaken,
 * whose starter earns points and is stale, whose example submission's expected.json is wrong, and whose
 * handout has a broken formula. (The shipped course passing every check is test/fixtures/submissions.test.ts.)
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCourse } from '../../grader/authoring/course.ts';
import { validationChecks } from '../../grader/authoring/validate.ts';
import { fixturesDir, projectRoot, starterDir } from '../../grader/paths.ts';

const ID = 'sigmoid-derivative';
let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'numgrade-course-'));
  mkdirSync(join(root, 'assignments', ID), { recursive: true });
  writeFileSync(join(root, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(join(root, 'assignments', 'index.ts'), `import { findAssignment } from ${JSON.stringify(join(projectRoot, 'assignments', 'index.ts'))};\nexport const assignments = [findAssignment('${ID}')];\n`);
  writeFileSync(join(root, 'assignments', ID, 'README.md'), '# Handout\n\nThe derivative is $\\frac{1}{$.\n');
  // The "solution" has σ's sign wrong; the starter implements reluDerivative (points, and stale).
  mkdirSync(join(root, 'solutions'));
  cpSync(join(fixturesDir, 'submissions', 'sd-sigmoid-sign', `${ID}.ts`), join(root, 'solutions', `${ID}.ts`));
  mkdirSync(join(root, 'starter'));
  cpSync(join(starterDir, `${ID}.ts`), join(root, 'starter', `${ID}.ts`));
  writeFileSync(join(root, 'starter', `${ID}.ts`), `${'export function reluDerivative(z: number): number {\n  return z > 0 ? 1 : 0;\n}\n'}`);
  // An example mistake whose expected.json names a test it passes and misses one it fails.
  const mistake = join(root, 'fixtures', 'submissions', 'wrong-sign');
  mkdirSync(mistake, { recursive: true });
  cpSync(join(fixturesDir, 'submissions', 'sd-sigmoid-sign', `${ID}.ts`), join(mistake, `${ID}.ts`));
  writeFileSync(join(mistake, 'expected.json'), JSON.stringify({ description: 'σ with the wrong sign', expect: { [ID]: { fail: ['sigmoid-values', 'tanh-derivative-check'] } } }));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('grader validate on a course with problems', () => {
  it('names each problem precisely', async () => {
    const course = await loadCourse(root);
    const results = new Map<string, string[]>();
    for (const check of validationChecks(course, course.assignments, { typecheck: false })) results.set(check.name, await check.run());
    expect(results.get('the solution earns full marks')).toEqual([expect.stringMatching(/^solution fails sigmoid-values: sigmoid\(-20\) is off by/), expect.stringMatching(/^solution fails large-input-stability/)]);
    const starter = results.get('the starter earns zero, every test "not implemented"')!;
    expect(starter[0]).toMatch(/^starter earns \d+ points; it must earn 0$/);
    expect(starter).toContainEqual(expect.stringMatching(/^starter on sigmoid-values: "missing-export" instead of "not implemented"/));
    expect(results.get('the starter is generated from the solution')!.length).toBeGreaterThan(0);
    expect(results.get('example wrong-sign loses points in sigmoid-values, tanh-derivative-check')).toEqual([
      'tanh-derivative-check passed, but expected.json says this mistake fails it',
      expect.stringMatching(/^large-input-stability failed, but expected.json does not name it: /),
    ]);
    expect(results.get('the handout renders')).toEqual([expect.stringMatching(/^a formula in the handout does not render: \$\\frac\{1\}\{\$ \(KaTeX parse error: Unexpected end of input/)]);
    expect(results.get('the sampler tests have a design')).toEqual([]);
  }, 120_000);

  it('exits 1 from the command line with the list of problems', () => {
    const run = spawnSync(process.execPath, [join(projectRoot, 'grader', 'bin', 'grader.mjs'), 'validate', ID, '--course', root, '--no-typecheck'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(1);
    expect(run.stdout, run.stderr).toContain('✗ the solution earns full marks');
    expect(run.stdout).toMatch(/\n\d+ problems:\n {2}- sigmoid-derivative: the solution earns full marks: solution fails sigmoid-values/);
  }, 120_000);
});
