/**
 * Starters generated from the marked reference solutions (grader/authoring/starter.ts): marked blocks in
 * functions (declarations, arrows assigned to a const, methods) become a throw naming the function at the
 * block's indentation, a block outside every function is removed, imports only the solution used go, and
 * everything else is kept byte for byte; malformed markers are refused with file:line. The committed
 * starters are exactly what the committed solutions make, and generated starters type-check.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { coursePaths, loadCourse } from '../../grader/authoring/course.ts';
import { SolutionMarkerError, checkStarters, generateStarter, starterFromSolution, writeStarters } from '../../grader/authoring/starter.ts';
import { UsageError } from '../../grader/cli/usage-error.ts';
import { projectRoot } from '../../grader/paths.ts';

const temporary: string[] = [];
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temporary.push(dir);
  return dir;
}

const lines = (...text: string[]) => `${text.join('\n')}\n`;

describe('starterFromSolution', () => {
  it('replaces a marked body in a function declaration, keeping doc comments, signature and indentation', () => {
    const solution = lines(
      '/** The file. */',
      '',
      '/** Doc of f, kept. */',
      'export function f(x: number): { y: number } {',
      '  // BEGIN SOLUTION',
      '  const y = x * 2; // a { brace in a comment',
      "  const s = '}' + `${'{'}`;",
      '  return { y };',
      '  // END SOLUTION',
      '}',
      '',
      'function g<T>(',
      '\tvalue: T,',
      '): T[] {',
      '\t// BEGIN SOLUTION',
      '\treturn [value];',
      '\t// END SOLUTION',
      '}',
    );
    expect(starterFromSolution(solution)).toBe(
      lines(
        '/** The file. */',
        '',
        '/** Doc of f, kept. */',
        'export function f(x: number): { y: number } {',
        '  throw new Error("not implemented: f");',
        '}',
        '',
        'function g<T>(',
        '\tvalue: T,',
        '): T[] {',
        '\tthrow new Error("not implemented: g");',
        '}',
      ),
    );
  });

  it('names arrow functions assigned to a const, methods and class fields, and keeps a partial body around its block', () => {
    const solution = lines(
      'export const softplus = (x: number): number => {',
      '    // BEGIN SOLUTION',
      '    return Math.log1p(Math.exp(x));',
      '    // END SOLUTION',
      '};',
      'export const twice: (x: number) => number = async (x) => {',
      '  // BEGIN SOLUTION',
      '  return 2 * x;',
      '  // END SOLUTION',
      '};',
      'export class Model {',
      '  predict(x: number): number {',
      '    if (x > 0) {',
      '      // BEGIN SOLUTION',
      '      return x / 2; // a regex-like /}/ in a comment',
      '      // END SOLUTION',
      '    }',
      '    return 0;',
      '  }',
      '  update = (x: number) => {',
      '    // BEGIN SOLUTION',
      '    [1, 2].forEach((k) => console.log(k * x, /[}{]/.test("}")));',
      '    // END SOLUTION',
      '  };',
      '}',
      'export function outer(xs: number[]): number[] {',
      '  return xs.map((x) => {',
      '    // BEGIN SOLUTION',
      '    return x + 1;',
      '    // END SOLUTION',
      '  });',
      '}',
    );
    const starter = starterFromSolution(solution);
    expect(starter).toBe(
      lines(
        'export const softplus = (x: number): number => {',
        '    throw new Error("not implemented: softplus");',
        '};',
        'export const twice: (x: number) => number = async (x) => {',
        '  throw new Error("not implemented: twice");',
        '};',
        'export class Model {',
        '  predict(x: number): number {',
        '    if (x > 0) {',
        '      throw new Error("not implemented: predict");',
        '    }',
        '    return 0;',
        '  }',
        '  update = (x: number) => {',
        '    throw new Error("not implemented: update");',
        '  };',
        '}',
        'export function outer(xs: number[]): number[] {',
        '  return xs.map((x) => {',
        '    throw new Error("not implemented: outer");',
        '  });',
        '}',
      ),
    );
  });

  it('removes a marked block outside every function (a private helper, a private method) without leaving a double blank line', () => {
    const solution = lines(
      '/** Head. */',
      '',
      '// BEGIN SOLUTION',
      '/** Only the solution needs this. */',
      'function square(x: number): number {',
      '  return x * x;',
      '}',
      '// END SOLUTION',
      '',
      'export class Norm {',
      '  // BEGIN SOLUTION',
      '  private sq(x: number) { return x * x; }',
      '  // END SOLUTION',
      '  of(x: number): number {',
      '    // BEGIN SOLUTION',
      '    return Math.sqrt(square(x));',
      '    // END SOLUTION',
      '  }',
      '}',
    );
    expect(starterFromSolution(solution)).toBe(
      lines('/** Head. */', '', 'export class Norm {', '  of(x: number): number {', '    throw new Error("not implemented: of");', '  }', '}'),
    );
  });

  it('drops imports only marked code used, keeps those the signatures need, and trims a partly used one', () => {
    const solution = lines(
      "import { evaluate, type MathNode } from 'mathjs';",
      "import { helper } from './helper.ts';",
      "import type { Rng } from './rng.ts';",
      '',
      'export function draw(rng: Rng, node: MathNode): number {',
      '  // BEGIN SOLUTION',
      "  return helper(rng()) + evaluate('1');",
      '  // END SOLUTION',
      '}',
    );
    const generated = generateStarter(solution);
    expect(generated.text).toBe(
      lines("import { type MathNode } from 'mathjs';", "import type { Rng } from './rng.ts';", '', 'export function draw(rng: Rng, node: MathNode): number {', '  throw new Error("not implemented: draw");', '}'),
    );
    expect(generated.removedImports).toEqual(["evaluate from 'mathjs'", "helper from './helper.ts'"]);
    expect(generated.blocks).toBe(1);
  });

  it('keeps a solution without markers as it is (checkStarters reports it), and CRLF line endings', () => {
    expect(generateStarter('export const a = 1;\n')).toEqual({ text: 'export const a = 1;\n', blocks: 0, removedImports: [] });
    expect(starterFromSolution('export function f() {\r\n  // BEGIN SOLUTION\r\n  return 1;\r\n  // END SOLUTION\r\n}\r\n')).toBe('export function f() {\r\n  throw new Error("not implemented: f");\r\n}\r\n');
  });

  it.each([
    ['nested markers', lines('function f() {', '  // BEGIN SOLUTION', '  // BEGIN SOLUTION', '  // END SOLUTION', '}'), 3, /markers do not nest; close that block .* first/],
    ['an END without a BEGIN', lines('function f() {', '  return 1;', '  // END SOLUTION', '}'), 3, /without a "\/\/ BEGIN SOLUTION" before it/],
    ['a BEGIN never closed', lines('function f() {', '  // BEGIN SOLUTION', '  return 1;', '}'), 2, /is never closed: add "\/\/ END SOLUTION"/],
    ['a block across two functions', lines('function f() {', '  // BEGIN SOLUTION', '}', 'function g() {', '  // END SOLUTION', '}'), 5, /closes or opens a brace it does not match/],
    ['a marker not alone on its line', lines('function f() {', '  return 1; // BEGIN SOLUTION', '}'), 2, /a marker must be alone on its line/],
    ['a block in an anonymous function', lines('export default [1].map(() => {', '  // BEGIN SOLUTION', '  return 1;', '  // END SOLUTION', '});'), 2, /in a function without a name/],
  ])('refuses %s, naming the file and line', (_name, solution, line, message) => {
    let error: unknown;
    try {
      starterFromSolution(solution, 'solutions/x.ts');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SolutionMarkerError);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(new RegExp(`^solutions/x\\.ts:${line}: `));
    expect((error as Error).message).toMatch(message);
  });
});

describe("the project's starters", () => {
  it('are exactly what the committed solutions make', async () => {
    const course = await loadCourse();
    expect(await checkStarters(course, [])).toEqual([]);
    for (const { id } of course.assignments) {
      const solution = readFileSync(join(course.solutionsDir, `${id}.ts`), 'utf8');
      expect(starterFromSolution(solution, `solutions/${id}.ts`), id).toBe(readFileSync(join(course.starterDir, `${id}.ts`), 'utf8'));
    }
  });

  it('type-check, and a generated starter has no unused or dangling import', () => {
    const dir = tempDir('numgrade-starter-tsc-');
    const course = coursePaths(projectRoot);
    const ids = readFileSync(join(projectRoot, 'assignments', 'index.ts'), 'utf8').match(/'\.\/([a-z0-9-]+)\/definition\.ts'/g)!.map((match) => match.slice(3, -15));
    for (const id of ids) writeFileSync(join(dir, `${id}.ts`), starterFromSolution(readFileSync(join(course.solutionsDir, `${id}.ts`), 'utf8')));
    // helper.ts does not exist: the starter type-checks only because its import, used by the solution alone, is gone.
    mkdirSync(join(dir, 'strict'));
    writeFileSync(join(dir, 'strict', 'rng.ts'), 'export type Rng = () => number;\n');
    writeFileSync(
      join(dir, 'strict', 'draw.ts'),
      starterFromSolution(lines("import { helper } from './helper.ts';", "import type { Rng } from './rng.ts';", '', 'export function draw(rng: Rng): number {', '  // BEGIN SOLUTION', '  return helper(rng());', '  // END SOLUTION', '}')),
    );
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
    const compilerOptions = { types: [], noEmit: true };
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ extends: join(projectRoot, 'tsconfig.json'), compilerOptions, include: ['*.ts'] }));
    writeFileSync(join(dir, 'strict', 'tsconfig.json'), JSON.stringify({ extends: join(projectRoot, 'tsconfig.json'), compilerOptions: { ...compilerOptions, noUnusedLocals: true }, include: ['*.ts'] }));
    const tsc = join(projectRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    for (const config of [join(dir, 'tsconfig.json'), join(dir, 'strict', 'tsconfig.json')]) {
      const run = spawnSync(process.execPath, [tsc, '--noEmit', '-p', config], { encoding: 'utf8' });
      expect(`${run.stdout}${run.stderr}`.trim(), config).toBe('');
      expect(run.status).toBe(0);
    }
  }, 60_000);
});

describe('a course whose starter is stale', () => {
  const grader = join(projectRoot, 'grader', 'bin', 'grader.mjs');

  function staleCourse(): string {
    const root = tempDir('numgrade-starter-course-');
    writeFileSync(join(root, 'package.json'), '{ "type": "module" }\n');
    mkdirSync(join(root, 'assignments'));
    writeFileSync(join(root, 'assignments', 'index.ts'), `export const assignments = [{ id: 'twice', title: 'Twice', exports: ['twice'], tests: [] }];\n`);
    mkdirSync(join(root, 'solutions'));
    writeFileSync(join(root, 'solutions', 'twice.ts'), lines('/** 2x. */', 'export function twice(x: number): number {', '  // BEGIN SOLUTION', '  return 2 * x;', '  // END SOLUTION', '}'));
    mkdirSync(join(root, 'starter'));
    writeFileSync(join(root, 'starter', 'twice.ts'), lines('export function twice(x: number): number {', '  throw new Error("not implemented");', '}'));
    return root;
  }

  it('checkStarters says which and how to fix it; writeStarters fixes it', async () => {
    const root = staleCourse();
    const course = await loadCourse(root);
    const problems = await checkStarters(course, ['twice']);
    expect(problems).toEqual([{ id: 'twice', problem: expect.stringMatching(/^starter\/twice\.ts is out of date with solutions\/twice\.ts \(first difference at line 1: .*\): run `npx grader starter twice --course .+`$/) }]);
    expect(await writeStarters(course, [])).toEqual([{ id: 'twice', path: join(root, 'starter', 'twice.ts'), changed: true, removedImports: [] }]);
    expect(await checkStarters(course, [])).toEqual([]);
    expect((await writeStarters(course, ['twice']))[0]!.changed).toBe(false);
    writeFileSync(join(root, 'solutions', 'twice.ts'), 'export function twice(x: number): number {\n  return 2 * x;\n}\n');
    expect(await checkStarters(course, [])).toEqual([{ id: 'twice', problem: expect.stringMatching(/^solutions\/twice\.ts marks nothing for students to write/) }]);
  });

  it('grader starter --check exits 1 listing it, and grader starter writes it', () => {
    const root = staleCourse();
    const run = (...args: string[]) => spawnSync(process.execPath, [grader, 'starter', ...args, '--course', root], { encoding: 'utf8' });
    const check = run('--check');
    expect(check.status, check.stderr).toBe(1);
    expect(check.stdout).toMatch(/^twice: starter\/twice\.ts is out of date/);
    const write = run('twice');
    expect(write.status, write.stderr).toBe(0);
    expect(write.stdout).toMatch(/^wrote .*starter\/twice\.ts$/m);
    expect(readFileSync(join(root, 'starter', 'twice.ts'), 'utf8')).toBe(lines('/** 2x. */', 'export function twice(x: number): number {', '  throw new Error("not implemented: twice");', '}'));
  }, 60_000);
});
