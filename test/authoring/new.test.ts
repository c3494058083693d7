/**
 * `grader new` (grader/authoring/scaffold.ts) in a temporary course, never the project's: right after it,
 * the scaffold is consistent (the solution earns full marks, the starter zero with every test "not
 * implemented", the example mistake fails exactly the tests its expected.json names, the starter is what
 * the solution makes, everything type-checks), the course's index registers it, and a bad or existing id,
 * or a file in the way, is refused with nothing written.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coursePaths, loadCourse, type Course } from '../../grader/authoring/course.ts';
import { SCAFFOLD_MISTAKE, registerAssignment, scaffoldAssignment, titleFromId } from '../../grader/authoring/scaffold.ts';
import { checkStarters } from '../../grader/authoring/starter.ts';
import { UsageError } from '../../grader/cli/usage-error.ts';
import { gradeSubmission } from '../../grader/grading/grade-submission.ts';
import { DEFAULT_GRADING_SEED } from '../../grader/grading/seed.ts';
import { projectRoot } from '../../grader/paths.ts';

const ID = 'gaussian-bump';
const TITLE = "The Gaussian bump's derivative";
let root: string;
let course: Course;

/** An empty course: a module package whose index registers no assignment yet. */
function emptyCourse(): string {
  const dir = mkdtempSync(join(tmpdir(), 'numgrade-new-'));
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  mkdirSync(join(dir, 'assignments'));
  const types = JSON.stringify(join(projectRoot, 'grader', 'definition', 'types.ts'));
  writeFileSync(join(dir, 'assignments', 'index.ts'), `/** The course. */\nimport type { AssignmentDefinition } from ${types};\n\nexport const assignments: readonly AssignmentDefinition[] = [];\n`);
  return dir;
}

beforeAll(async () => {
  root = emptyCourse();
  // Not loadCourse before scaffolding: the module cache would keep the empty index for the load after.
  scaffoldAssignment({ ...coursePaths(root), assignments: [] }, { id: ID, title: TITLE });
  course = await loadCourse(root);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('a scaffolded assignment', () => {
  it('is registered in the course index, with its files in place', () => {
    expect(readFileSync(join(root, 'assignments', 'index.ts'), 'utf8')).toBe(
      `/** The course. */\nimport type { AssignmentDefinition } from ${JSON.stringify(join(projectRoot, 'grader', 'definition', 'types.ts'))};\nimport { definition as gaussianBump } from './gaussian-bump/definition.ts';\n\nexport const assignments: readonly AssignmentDefinition[] = [gaussianBump];\n`,
    );
    expect(course.assignments.map((assignment) => [assignment.id, assignment.title])).toEqual([[ID, TITLE]]);
    expect(readdirSync(join(root, 'assignments', ID)).sort()).toEqual(['README.md', 'definition.ts', 'hidden.ts', 'public-definition.ts', 'public.ts', 'student.test.ts', 'targets.ts']);
    expect(readdirSync(join(root, 'fixtures', 'submissions', `${ID}-${SCAFFOLD_MISTAKE}`)).sort()).toEqual(['expected.json', `${ID}.ts`]);
    expect(readFileSync(join(root, 'solutions', `${ID}.ts`), 'utf8')).toContain('// BEGIN SOLUTION');
    expect(readFileSync(join(root, 'assignments', ID, 'README.md'), 'utf8')).toMatch(/^# The Gaussian bump's derivative\n[\s\S]*\$\$g'\(x\) = /);
  });

  it('has public and hidden tests of several kinds, and a hidden-test notice that agrees with hidden.ts', async () => {
    const [definition] = course.assignments;
    expect(definition!.tests.map((test) => [test.id, test.kind, test.visibility])).toEqual([
      ['gaussian-values', 'example', 'public'],
      ['gaussian-derivative-check', 'gradient', 'public'],
      ['gaussian-derivative-random', 'gradient', 'hidden'],
    ]);
    const { hiddenTestsNotice } = (await import(join(root, 'assignments', ID, 'public-definition.ts'))) as { hiddenTestsNotice: { count: number; points: number } };
    const hidden = definition!.tests.filter((test) => test.visibility === 'hidden');
    expect(hiddenTestsNotice).toEqual({ count: hidden.length, points: hidden.reduce((sum, test) => sum + test.points, 0) });
  });

  it('the solution earns full marks, public and hidden', async () => {
    const outcome = await gradeSubmission(course.solutionsDir, course.assignments, { gradingSeed: DEFAULT_GRADING_SEED });
    expect(outcome.assignments[0]!.tests.filter((test) => test.result.status !== 'passed').map((test) => test.id)).toEqual([]);
    expect(outcome.score).toBe(outcome.max);
    expect(outcome.max).toBe(7);
  }, 60_000);

  it('the starter earns zero, every test saying "not implemented", and is what the solution makes', async () => {
    const outcome = await gradeSubmission(course.starterDir, course.assignments, { gradingSeed: DEFAULT_GRADING_SEED });
    expect(outcome.score).toBe(0);
    for (const test of outcome.assignments[0]!.tests) {
      expect(test.result.status, test.id).toBe('errored');
      expect(test.result.status === 'errored' && test.result.reason, test.id).toBe('not-implemented');
      expect(test.result.feedback.summary, test.id).toMatch(/not implemented: gaussian/);
    }
    expect(await checkStarters(course, [ID])).toEqual([]);
  }, 60_000);

  it('the example mistake fails exactly the tests its expected.json names, with the diagnosis it names', async () => {
    const folder = join(course.submissionsDir, `${ID}-${SCAFFOLD_MISTAKE}`);
    const expected = JSON.parse(readFileSync(join(folder, 'expected.json'), 'utf8')) as { expect: Record<string, { fail: string[]; diagnoses: Record<string, string> }> };
    const outcome = await gradeSubmission(folder, course.assignments, { gradingSeed: DEFAULT_GRADING_SEED });
    const tests = outcome.assignments[0]!.tests;
    expect(tests.filter((test) => test.result.status !== 'passed').map((test) => test.id)).toEqual(expected.expect[ID]!.fail);
    expect(tests.filter((test) => test.result.status === 'failed').map((test) => test.id)).toEqual(expected.expect[ID]!.fail);
    for (const [id, pattern] of Object.entries(expected.expect[ID]!.diagnoses)) {
      expect(tests.find((test) => test.id === id)!.result.feedback.diagnosis).toMatch(new RegExp(`^${pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    }
  }, 60_000);

  it('type-checks: definition, tests, solution and starter', () => {
    const config = join(root, 'tsconfig.json');
    writeFileSync(
      config,
      JSON.stringify({
        extends: join(projectRoot, 'tsconfig.json'),
        compilerOptions: { noEmit: true, typeRoots: [join(projectRoot, 'node_modules', '@types')] },
        include: ['assignments/**/*.ts', 'solutions/*.ts', 'starter/*.ts'],
      }),
    );
    try {
      const run = spawnSync(process.execPath, [join(projectRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', config], { encoding: 'utf8' });
      expect(`${run.stdout}${run.stderr}`.trim()).toBe('');
      expect(run.status).toBe(0);
    } finally {
      rmSync(config);
    }
  }, 60_000);
});

describe('refusals', () => {
  const everyFile = (dir: string): string[] =>
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name))
      .sort();

  it.each(['Gaussian', 'gaussian_bump', 'gaussian--bump', '2-layer', 'bump-', ''])('refuses the id "%s", which is not kebab-case', (id) => {
    const before = everyFile(root);
    expect(() => scaffoldAssignment(course, { id })).toThrow(/is not a kebab-case id: use lowercase letters, digits and single hyphens/);
    expect(everyFile(root)).toEqual(before);
  });

  it('refuses an id the course has, and one whose files are in the way, writing nothing', () => {
    const before = everyFile(root);
    const index = readFileSync(join(root, 'assignments', 'index.ts'), 'utf8');
    expect(() => scaffoldAssignment(course, { id: ID })).toThrow(new UsageError(`the course already has an assignment "${ID}": choose another id, or edit assignments/${ID}/`));
    writeFileSync(join(root, 'solutions', 'other.ts'), 'export {};\n');
    expect(() => scaffoldAssignment(course, { id: 'other' })).toThrow(/^"other" would overwrite solutions\/other\.ts: choose another id, or move it away first$/);
    rmSync(join(root, 'solutions', 'other.ts'));
    expect(everyFile(root)).toEqual(before);
    expect(readFileSync(join(root, 'assignments', 'index.ts'), 'utf8')).toBe(index);
  });

  it('grader new exits 2 with the reason for an existing id', () => {
    const run = spawnSync(process.execPath, [join(projectRoot, 'grader', 'bin', 'grader.mjs'), 'new', ID, '--course', root], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`grader: the course already has an assignment "${ID}"`);
  }, 30_000);
});

describe('registerAssignment keeps the index in its own style', () => {
  it('appends to a one-line array after the other definitions, as the project index is written', () => {
    const project = readFileSync(join(projectRoot, 'assignments', 'index.ts'), 'utf8');
    const registered = registerAssignment(project, 'gaussian-bump');
    expect(registered).toContain("import { definition as inverseTransformSampling } from './inverse-transform-sampling/definition.ts';\nimport { definition as gaussianBump } from './gaussian-bump/definition.ts';\n");
    expect(registered).toContain('[sigmoidDerivative, twoLayerBackprop, softmaxCeGradient, inverseTransformSampling, gaussianBump];');
    expect(registered.replace("import { definition as gaussianBump } from './gaussian-bump/definition.ts';\n", '').replace(', gaussianBump]', ']')).toBe(project);
  });

  it('adds a line to an array written one element per line, and imports after the last import', () => {
    const source = "import { definition as a } from './a/definition.ts';\nimport { x } from './x.ts';\n\nexport const assignments = [\n  a,\n];\n";
    expect(registerAssignment(source, 'b-c')).toBe("import { definition as a } from './a/definition.ts';\nimport { definition as bC } from './b-c/definition.ts';\nimport { x } from './x.ts';\n\nexport const assignments = [\n  a,\n  bC,\n];\n");
  });

  it('avoids a name the index already uses, and refuses an index without the array', () => {
    expect(registerAssignment("import { sigmoid } from './s.ts';\nexport const assignments = [sigmoid];\n", 'sigmoid')).toContain('[sigmoid, sigmoidDefinition]');
    expect(() => registerAssignment('export default [];\n', 'x', 'course/assignments/index.ts')).toThrow(/^course\/assignments\/index\.ts has no `export const assignments = \[\.\.\.\]` to add "x" to/);
  });

  it('titles an id in words', () => {
    expect(titleFromId('softplus-derivative')).toBe('Softplus derivative');
    expect(existsSync(join(projectRoot, 'assignments', ID))).toBe(false);
  });
});
