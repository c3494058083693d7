/**
 * `grader release`: the student bundle holds no solution and no hidden test (every file is read, source maps
 * and inline maps decoded), refuses a course whose student run would reach either, and works where students
 * use it: installed in a temporary folder, `npm test` fails the stubs with "not implemented" and gives the
 * reference solutions every public point.
 *
 * Installing: a real `npm install` from the registry (with the npm cache: --prefer-offline), ~20 s warm, once
 * for the file. GRADER_RELEASE_INSTALL=link links the project's packages instead (no network, ~0 s).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, sep } from 'node:path';
import { coursePaths, loadCourse, type Course } from '../../grader/authoring/course.ts';
import { findLeaks, readableText, release, ReleaseAnswerError, ReleaseLeakError, studentGraph, type Release } from '../../grader/authoring/release.ts';
import { answerLines, trimmedLines } from '../../grader/authoring/answer-lines.ts';
import { projectRoot } from '../../grader/paths.ts';

const course = await loadCourse();
const install = process.env.GRADER_RELEASE_INSTALL === 'link' ? 'link' : 'npm';

/**
 * The course's second release: everything after sigmoid-derivative (whose answer, the stable σ, the
 * two-layer-backprop starter hands out as given code: releasing all four at once is refused, below).
 * Those whose public tests use the reference ship its values.
 */
const FIRST = 'sigmoid-derivative';
const releasable = course.assignments.map((assignment) => assignment.id).filter((id) => id !== FIRST);
/** The assignments whose public tests compare with the reference through assignments/<id>/reference.ts. */
const recorded = releasable.filter((id) => existsSync(join(course.assignmentsDir, id, 'reference.ts')));

/**
 * What would give a solution away: inside each `// BEGIN SOLUTION` … `// END SOLUTION` block (comments
 * included), every line with at least 16 letters and digits, and every pair of consecutive lines. Shorter
 * single lines are idioms (`let max = -Infinity;` is also in the grader's own code); a pair of them is not.
 * Lines are compared trimmed, so indentation does not hide them.
 */
/** No file of `bundle` is a solution, a hidden test or a full definition, or holds a line of one. */
function expectNoLeaks(bundle: string, course: Course): void {
  const texts = allFiles(bundle).map((file) => ({ file: file.slice(bundle.length + 1).split(sep).join('/'), text: readableText(file) }));
  for (const { file } of texts) {
    expect(basename(file), file).not.toMatch(/^hidden\./);
    expect(file).not.toMatch(/^solutions\//);
    expect(file).not.toMatch(/^assignments\/[^/]+\/definition\.ts$/);
  }
  // Every solution's answer lines, the released ones' and the others'; but an answer of an assignment NOT in
  // this release may be handed out by a released starter as given code (two-layer-backprop's σ is
  // sigmoid-derivative's answer): the instructor releases it after that assignment is due.
  const released = new Set(readdirSync(join(bundle, 'starter')).map((name) => name.replace(/\.ts$/, '')));
  const given = [...released].map((id) => trimmedLines(readFileSync(join(bundle, 'starter', `${id}.ts`), 'utf8')));
  const solutionLines = readdirSync(course.solutionsDir)
    .flatMap((name) => answerLines(readFileSync(join(course.solutionsDir, name), 'utf8')).map((line) => ({ name, line })))
    .filter(({ name, line }) => released.has(name.replace(/\.ts$/, '')) || !given.some((starter) => starter.includes(line)));
  expect(solutionLines.length).toBeGreaterThan(0);
  const hiddenIds = course.assignments.flatMap((assignment) => assignment.tests.filter((test) => test.visibility === 'hidden').map((test) => test.id));
  expect(hiddenIds.length).toBeGreaterThan(0);
  for (const { file, text } of texts) {
    for (const { name, line } of solutionLines) expect(text.includes(line), `${file} holds "${line}" from solutions/${name}`).toBe(false);
    for (const id of hiddenIds) expect(text.includes(id), `${file} names the hidden test ${id}`).toBe(false);
  }
}

function allFiles(root: string): string[] {
  return readdirSync(root, { withFileTypes: true, recursive: true }).filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

/**
 * node_modules as a real folder of links to the project's packages. Not one link for the whole folder: the
 * sandbox writes its child into node_modules/.cache and may read only that folder, which Node's permission
 * model checks on the real path, so the cache must really be inside the bundle.
 */
function linkPackages(from: string, to: string): void {
  mkdirSync(to);
  for (const name of readdirSync(from)) if (name !== '.cache') symlinkSync(join(from, name), join(to, name), 'junction');
}

function npm(cwd: string, args: string[], timeout: number, env: Record<string, string> = {}) {
  const run = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, { cwd, encoding: 'utf8', timeout, env: { ...process.env, NO_COLOR: '1', CI: 'true', GRADER_SUBMISSION: '', GRADER_SEED: '', ...env } });
  return { status: run.status, output: `${run.stdout}\n${run.stderr}` };
}

describe('grader release', () => {
  let scratch: string;
  let bundle: string;
  let built: Release;
  let installSeconds: number;

  beforeAll(async () => {
    for (const id of releasable) expect(findLeaks(await studentGraph(course, projectRoot, [id]), course), id).toEqual([]);
    scratch = mkdtempSync(join(tmpdir(), 'numgrade-release-'));
    bundle = join(scratch, 'bundle');
    built = await release({ course, out: bundle, assignments: releasable });
    // The student's copy: what they download, then install.
    const student = join(scratch, 'student');
    cpSync(bundle, student, { recursive: true });
    const started = performance.now();
    if (install === 'link') linkPackages(join(projectRoot, 'node_modules'), join(student, 'node_modules'));
    else {
      const installed = npm(student, ['install', '--prefer-offline', '--no-audit', '--no-fund'], 240_000);
      expect(installed.status, installed.output).toBe(0);
    }
    installSeconds = (performance.now() - started) / 1000;
    console.log(`release: ${releasable.join(', ')}: ${built.files.length} files, ${(built.bytes / 1024).toFixed(0)} KiB; ${install === 'link' ? 'linked' : 'npm install'} in ${installSeconds.toFixed(1)} s`);
  }, 300_000);

  afterAll(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('holds the starters, the handouts, the public suites and a package.json that runs them', () => {
    for (const id of releasable) {
      expect(built.files).toContain(`starter/${id}.ts`);
      expect(built.files).toContain(`assignments/${id}/README.md`);
      expect(built.files).toContain(`assignments/${id}/student.test.ts`);
      expect(readFileSync(join(bundle, 'starter', `${id}.ts`), 'utf8')).toBe(readFileSync(join(course.starterDir, `${id}.ts`), 'utf8'));
    }
    expect(built.files).toContain('vitest.student.config.ts');
    expect(built.files).toContain('grader/sandbox/child.ts');
    const manifest = JSON.parse(readFileSync(join(bundle, 'package.json'), 'utf8')) as { scripts: Record<string, string>; dependencies: Record<string, string> };
    expect(manifest.scripts.test).toBe('vitest run -c vitest.student.config.ts');
    const project = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    for (const [name, version] of Object.entries(manifest.dependencies)) expect(version, name).toBe(project.dependencies[name]);
    // Only what the student run loads: none of the instructors' or the report's packages.
    for (const name of ['citty', 'handlebars', 'katex', 'markdown-it', 'yauzl', 'cli-progress', 'tsx']) expect(manifest.dependencies).not.toHaveProperty(name);
    expect(manifest.dependencies).toHaveProperty('mathjs');
    expect(manifest.dependencies).toHaveProperty('vitest');
  });

  it('serves the reference of the assignments that use one from recorded values, never from its code', () => {
    expect(recorded).toEqual(expect.arrayContaining(['softmax-ce-gradient', 'two-layer-backprop']));
    for (const id of recorded) {
      const served = readFileSync(join(bundle, 'assignments', id, 'reference.ts'), 'utf8');
      expect(served, id).toContain("servedReference(");
      expect(served, id).not.toMatch(/solutions\//);
      const values = JSON.parse(readFileSync(join(bundle, 'assignments', id, 'reference-values.json'), 'utf8')) as Record<string, string>;
      expect(Object.keys(values).length, id).toBeGreaterThan(0);
    }
  });

  it('holds no solution and no hidden test, in any file', () => {
    expect(allFiles(bundle).length).toBe(built.files.length);
    // The scan sees through a compiled file's inline source map: a solution hidden there is found.
    const solution = readFileSync(join(course.solutionsDir, `${releasable[0]}.ts`), 'utf8');
    const disguised = join(scratch, 'disguised.mjs');
    writeFileSync(disguised, `export {};\n//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify({ version: 3, sources: ['x.ts'], sourcesContent: [solution], mappings: '' })).toString('base64')}\n`);
    expect(answerLines(solution).some((line) => readableText(disguised).includes(line))).toBe(true);
    expectNoLeaks(bundle, course);
  });

  it('announces exactly the hidden tests that grading adds', async () => {
    for (const assignment of course.assignments) {
      const { hiddenTestsNotice } = (await import(`../../assignments/${assignment.id}/public-definition.ts`)) as { hiddenTestsNotice: { count: number; points: number } };
      const hidden = assignment.tests.filter((test) => test.visibility === 'hidden');
      expect(hiddenTestsNotice, assignment.id).toEqual({ count: hidden.length, points: hidden.reduce((sum, test) => sum + test.points, 0) });
    }
  });

  it('installed, fails the stubs with "not implemented" and gives the reference solutions every public point', () => {
    const student = join(scratch, 'student');
    const points = course.assignments.filter((assignment) => releasable.includes(assignment.id)).flatMap((assignment) => assignment.tests).filter((test) => test.visibility === 'public').reduce((sum, test) => sum + test.points, 0);
    const stubs = npm(student, ['test'], 180_000);
    expect(stubs.status, stubs.output).toBe(1);
    expect(stubs.output).toMatch(new RegExp(`total\\s+0 / ${points}`));
    expect(stubs.output).toMatch(/is not implemented yet/);
    expect(stubs.output).not.toMatch(/Unhandled|TypeError|ReferenceError/);
    for (const id of releasable) cpSync(join(course.solutionsDir, `${id}.ts`), join(student, 'starter', `${id}.ts`));
    const solved = npm(student, ['test'], 180_000);
    expect(solved.status, solved.output).toBe(0);
    expect(solved.output).toMatch(new RegExp(`total\\s+${points} / ${points}`));
    expect(solved.output).not.toMatch(/not recorded|grader error/);
    // Another seed asks the reference for values the bundle does not hold: it says so, and which seed to use.
    const reseeded = npm(student, ['test', '--', `assignments/${recorded[0]}`], 180_000, { GRADER_SEED: '12345' });
    expect(reseeded.status, reseeded.output).toBe(1);
    expect(reseeded.output).toMatch(/holds the reference's values for the default seed only; this call was not recorded/);
  }, 400_000);
});

/** The worked example of docs/authoring.md: a course outside the project, whose imports of the grader are rebased. */
const exampleCourse = join(projectRoot, 'examples', 'authoring');

describe.runIf(existsSync(join(exampleCourse, 'assignments', 'index.ts')))('grader release of a course outside the project', () => {
  it('rebases its imports of the grader and leaks nothing', async () => {
    const example = await loadCourse(exampleCourse);
    const out = mkdtempSync(join(tmpdir(), 'numgrade-release-example-'));
    try {
      const built = await release({ course: example, out });
      for (const assignment of example.assignments) expect(built.files).toContain(`assignments/${assignment.id}/student.test.ts`);
      for (const file of built.files.filter((name) => name.endsWith('.ts'))) expect(readFileSync(join(out, file), 'utf8'), file).not.toMatch(/['"](\.\.\/){3,}/);
      expectNoLeaks(out, example);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe('grader release refuses', () => {
  /** A course of two assignments whose student suites reach a solution and a hidden test. */
  function leakyCourse(root: string): Course {
    const write = (path: string, text: string) => {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), text);
    };
    write('solutions/peek.ts', 'export const answer = 42;\n');
    write('assignments/peek/student.test.ts', "import { answer } from '../../solutions/peek.ts';\nconsole.log(answer);\n");
    write('assignments/full/hidden.ts', 'export const hiddenTests = [];\n');
    write('assignments/full/definition.ts', "import { hiddenTests } from './hidden.ts';\nexport const definition = { tests: hiddenTests };\n");
    write('assignments/full/student.test.ts', "import { definition } from './definition.ts';\nconsole.log(definition);\n");
    const assignment = (id: string) => ({ id, title: id, exports: [], tests: [] });
    return { ...coursePaths(root), assignments: [assignment('peek'), assignment('full')] };
  }

  it('a course whose student run reaches a solution or a hidden test, naming the chain, and writes nothing', async () => {
    const root = mkdtempSync(join(tmpdir(), 'numgrade-leaky-'));
    try {
      const out = join(root, 'out');
      const refused = await release({ course: leakyCourse(root), out }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(refused).toBeInstanceOf(ReleaseLeakError);
      const message = (refused as Error).message;
      expect(message).toContain('solutions/peek.ts (a reference solution), reached by assignments/peek/student.test.ts → solutions/peek.ts');
      expect(message).toContain("assignments/full/definition.ts (an assignment's full definition");
      expect(message).toContain('assignments/full/hidden.ts (hidden tests), reached by assignments/full/student.test.ts → assignments/full/definition.ts → assignments/full/hidden.ts');
      expect(existsSync(out)).toBe(false);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('a release that would give an answer away (a starter handing out another released assignment\'s answer), and writes nothing', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'numgrade-answers-')), 'out');
    try {
      const refused = await release({ course, out }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(refused).toBeInstanceOf(ReleaseAnswerError);
      expect((refused as Error).message).toContain(`starter/two-layer-backprop.ts holds the answer of ${FIRST}`);
      expect(existsSync(out)).toBe(false);
      // The first release alone gives nothing away, and works: its packages linked (the second release's test
      // above installs with npm), the stubs earn 0, the reference solution every public point.
      const first = await release({ course, out, assignments: [FIRST] });
      expect(first.files).toContain(`starter/${FIRST}.ts`);
      expectNoLeaks(out, course);
      linkPackages(join(projectRoot, 'node_modules'), join(out, 'node_modules'));
      const points = course.assignments.find((assignment) => assignment.id === FIRST)!.tests.filter((test) => test.visibility === 'public').reduce((sum, test) => sum + test.points, 0);
      const stubs = npm(out, ['test'], 180_000);
      expect(stubs.output).toMatch(new RegExp(`total\\s+0 / ${points}`));
      cpSync(join(course.solutionsDir, `${FIRST}.ts`), join(out, 'starter', `${FIRST}.ts`));
      const solved = npm(out, ['test'], 180_000);
      expect(solved.status, solved.output).toBe(0);
      expect(solved.output).toMatch(new RegExp(`total\\s+${points} / ${points}`));
    } finally {
      rmSync(join(out, '..'), { recursive: true, force: true });
    }
  }, 120_000);
});
