/**
 * A file that kills the compiler (issue 11, section 3): 2 MB of parentheses nested 10⁶ deep overflows
 * esbuild's Go stack (0.28: "fatal error: stack overflow", its service process gone). In one grading worker
 * (`--jobs 1`), the students graded after it still get their real scores; that file is the grader's
 * failure, apart from a student's own syntax error; the Go stack dump stays off the terminal; and
 * `--resume` grades that student again instead of keeping the failure.
 *
 * The file is generated here (2 MB is not worth committing); 2·10⁵ levels still compile, so 10⁶ is well
 * past the edge.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../grader/paths.ts';
import { RUN_KEY, validateGradesFile, type GradesFile, type StudentGrades } from '../../grader/batch/grades-file.ts';
import { submissionsDir, tempFolder } from './build-class.ts';

const grader = join(projectRoot, 'grader', 'bin', 'grader.mjs');
const ASSIGNMENT = 'sigmoid-derivative';

/** A sigmoid whose one expression is `depth` parentheses deep. */
function nestedParentheses(depth: number): string {
  return `export function sigmoid(z: number): number {\n  return 1 / (1 + Math.exp(-${'('.repeat(depth)}z${')'.repeat(depth)}));\n}\n`;
}

function batch(args: string[]) {
  return spawnSync(process.execPath, [grader, 'batch', ...args], { cwd: projectRoot, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
}

function studentsOf(out: string): { file: GradesFile; students: Record<string, StudentGrades> } {
  const file = JSON.parse(readFileSync(join(out, 'grades.json'), 'utf8')) as GradesFile;
  return { file, students: Object.fromEntries(Object.entries(file).filter(([key]) => key !== RUN_KEY)) as Record<string, StudentGrades> };
}

let classDir: string;

beforeAll(() => {
  classDir = tempFolder('numgrade-compiler-crash-');
  // Ids sort in this order, and one worker grades them in it: the crash comes first.
  const student = (id: string) => {
    mkdirSync(join(classDir, id));
    return join(classDir, id, `${ASSIGNMENT}.ts`);
  };
  writeFileSync(student('a-nested'), nestedParentheses(1_000_000));
  cpSync(join(submissionsDir, 'correct-a', `${ASSIGNMENT}.ts`), student('b-correct'));
  writeFileSync(student('c-syntax-error'), 'export function sigmoid(z: number): number {\n  return 1 / (1 + Math.exp(-z);\n}\n');
  cpSync(join(submissionsDir, 'correct-a', `${ASSIGNMENT}.ts`), student('d-correct'));
});

describe('a file that crashes the compiler', () => {
  let out: string;

  it("is the grader's failure on that file alone: later students in the same worker get their real scores", () => {
    out = tempFolder('numgrade-out-');
    const run = batch([classDir, '--out', out, '--jobs', '1', '--assignment', ASSIGNMENT]);
    // The grader failed on one student: it says so and exits 1, never 0 with a zero.
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/the grader itself failed on 1 submission\(s\): "a-nested"/);
    // The compiler's stack dump never reaches the terminal.
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/goroutine|runtime stack|fatal error/);
    const { file, students } = studentsOf(out);
    expect(validateGradesFile(file)).toEqual([]);

    const crashed = students['a-nested']![ASSIGNMENT]!;
    expect(crashed.reason).not.toBe('compile error');
    expect(crashed.tests.length).toBeGreaterThan(0);
    for (const test of crashed.tests) {
      expect(test.feedback).toMatch(/the compiler crashed on sigmoid-derivative\.ts: this is the grader's failure, not yours/);
      // For staff: both attempts, each with the start of Go's last words and no more.
      expect(test.graderError).toMatch(/died compiling .*\(2000\d+ bytes\) on each of 2 attempts/);
      expect(test.graderError!.match(/fatal error: stack overflow/g)).toHaveLength(2);
      expect(test.graderError!.length).toBeLessThan(2_000);
    }

    // Graded after it, in the same worker: full marks, as the file earns.
    for (const id of ['b-correct', 'd-correct']) expect(students[id]![ASSIGNMENT]!.score).toBe(students[id]![ASSIGNMENT]!.max);
    // A syntax error is still the student's own.
    const syntax = students['c-syntax-error']![ASSIGNMENT]!;
    expect(syntax.reason).toBe('compile error');
    expect(syntax.tests.every((test) => test.graderError === undefined && /could not be compiled/.test(test.feedback))).toBe(true);
  }, 180_000);

  it('is graded again by --resume, while the students graded before are kept', () => {
    const run = batch([classDir, '--out', out, '--jobs', '1', '--assignment', ASSIGNMENT, '--resume']);
    expect(run.status).toBe(1);
    const lines = run.stderr.split('\n').filter((line) => /^\[\d+\/\d+\]/.test(line));
    expect(lines.filter((line) => line.includes('unchanged')).map((line) => /\] (\S+):/.exec(line)?.[1])).toEqual(['b-correct', 'c-syntax-error', 'd-correct']);
    expect(lines.filter((line) => /\] a-nested: /.test(line) && !line.includes('unchanged'))).toHaveLength(1);
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/goroutine|runtime stack|fatal error/);
  }, 180_000);
});
