/**
 * `grader audit` on a tiny course: clamp(x) to [0, 1], tested only at x = −2, 0.5 and 3. Moving either
 * boundary comparison onto its boundary (`x < 0` → `x <= 0`, `x > 1` → `x >= 1`) gives the same answers
 * there, so exactly those two mutants must survive, reported with their place and diff; every other mutant
 * of the marked body changes a tested value and must be killed. (The four shipped assignments' scores are in
 * BENCHMARKS.md: a full audit takes minutes.) Then the worked example of docs/authoring.md, audited for real.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCourse } from '../../grader/authoring/course.ts';
import { auditAssignment, formatAudit, solutionRegions, summarize } from '../../grader/authoring/audit.ts';
import { applyMutant } from '../../grader/authoring/audit-runner.ts';
import type { MutantResult } from '@stryker-mutator/api/core';
import { UsageError } from '../../grader/cli/usage-error.ts';
import { projectRoot } from '../../grader/paths.ts';

const ID = 'clamp-unit';
const SOLUTION = `/** x clamped to [0, 1]. */
export function clamp01(x: number): number {
  // BEGIN SOLUTION
  if (x < 0) return 0;
  if (x > 1) return 1;
  return x;
  // END SOLUTION
}
`;
const INDEX = `import { defineExampleTest } from ${JSON.stringify(join(projectRoot, 'grader', 'checks', 'example-check.ts'))};
const exact = (expected: number) => (value: unknown) => (value === expected ? { ok: true as const } : { ok: false as const, expected: String(expected) });
export const assignments = [{
  id: '${ID}',
  title: 'Clamp',
  exports: ['clamp01'],
  tests: [defineExampleTest({
    id: 'clamp-values', title: 'clamp01: values', points: 1, visibility: 'public',
    checks: 'clamp01 is exact below, inside and above [0, 1]', hint: '$\\\\max(0, \\\\min(1, x))$', tolerance: 'exact',
    cases: () => [[-2, 0], [0.5, 0.5], [3, 1]].map(([x, y]) => ({ fn: 'clamp01', args: [x], show: \`clamp01(\${x})\`, judge: exact(y) })),
  })],
}];
`;

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'numgrade-audit-'));
  mkdirSync(join(root, 'assignments'), { recursive: true });
  mkdirSync(join(root, 'solutions'));
  writeFileSync(join(root, 'assignments', 'index.ts'), INDEX);
  writeFileSync(join(root, 'solutions', `${ID}.ts`), SOLUTION);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('grader audit', () => {
  it('reports the mutants the tests let through, with place and diff, and scores the rest', async () => {
    const course = await loadCourse(root);
    const result = await auditAssignment({ course, assignment: course.assignments[0]!, gradingSeed: 1, concurrency: 2, progress: false, logLevel: 'error' });
    expect(result.regions).toEqual([{ startLine: 4, endLine: 6 }]);
    expect(result.survivors.map((mutant) => [mutant.line, mutant.column, mutant.mutator, mutant.before.trim(), mutant.after.trim()])).toEqual([
      [4, 7, 'EqualityOperator', 'if (x < 0) return 0;', 'if (x <= 0) return 0;'],
      [5, 7, 'EqualityOperator', 'if (x > 1) return 1;', 'if (x >= 1) return 1;'],
    ]);
    expect(result.survived).toBe(2);
    expect(result.killed + result.timedOut).toBe(result.mutants - 2 - result.invalid);
    expect(result.killed).toBeGreaterThanOrEqual(4);
    expect(result.score).toBeCloseTo((100 * (result.mutants - 2)) / result.mutants, 10);
    const text = formatAudit(result);
    expect(text).toContain(`mutation score ${result.score.toFixed(1)}%`);
    expect(text).toContain(`solutions/${ID}.ts:4:7 EqualityOperator\n    - if (x < 0) return 0;\n    + if (x <= 0) return 0;`);
  }, 60_000);

  it('refuses a reference solution that loses points, before starting Stryker', async () => {
    const wrong = join(root, 'wrong');
    mkdirSync(join(wrong, 'assignments'), { recursive: true });
    mkdirSync(join(wrong, 'solutions'));
    writeFileSync(join(wrong, 'assignments', 'index.ts'), INDEX);
    writeFileSync(join(wrong, 'solutions', `${ID}.ts`), SOLUTION.replace('return x;', 'return -x;'));
    const course = await loadCourse(wrong);
    await expect(auditAssignment({ course, assignment: course.assignments[0]!, gradingSeed: 1, concurrency: 1, progress: false, logLevel: 'error' })).rejects.toThrow(UsageError);
  });
});

describe('grader audit of the worked example (docs/authoring.md)', () => {
  it('kills every mutant of softplus-derivative but the one the solution explains as equivalent', async () => {
    const course = await loadCourse(join(projectRoot, 'examples', 'authoring'));
    const result = await auditAssignment({ course, assignment: course.assignments[0]!, gradingSeed: 1, concurrency: 2, progress: false, logLevel: 'error' });
    expect(result.survivors.map((mutant) => [mutant.mutator, mutant.before.trim(), mutant.after.trim()])).toEqual([['EqualityOperator', expect.stringContaining('x >= 0'), expect.stringContaining('x > 0')]]);
    expect(result.mutants).toBeGreaterThan(5);
    expect(result.survived).toBe(1);
    expect(result.score).toBeCloseTo((100 * (result.mutants - result.invalid - 1)) / (result.mutants - result.invalid), 10);
    const [survivor] = result.survivors;
    expect(formatAudit(result)).toContain(`solutions/softplus-derivative.ts:${survivor!.line}:${survivor!.column} EqualityOperator\n    - ${survivor!.before.trim()}\n    + ${survivor!.after.trim()}`);
  }, 120_000);
});

describe('solution regions and mutants as text', () => {
  it('finds the lines between the markers, and rejects unbalanced markers', () => {
    expect(solutionRegions(SOLUTION)).toEqual([{ startLine: 4, endLine: 6 }]);
    expect(solutionRegions('// BEGIN SOLUTION\n// END SOLUTION\n')).toEqual([]);
    expect(() => solutionRegions('// BEGIN SOLUTION\nx\n')).toThrow(/without an END SOLUTION/);
  });

  it('applies a mutant at its zero-based place, and scores by (killed + timed out) / scored', () => {
    expect(applyMutant('a\n  b < c\n', { location: { start: { line: 1, column: 2 }, end: { line: 1, column: 7 } }, replacement: 'b <= c' })).toBe('a\n  b <= c\n');
    const mutant = (id: string, status: 'Killed' | 'Survived' | 'Timeout' | 'CompileError') => ({ id, status, mutatorName: 'EqualityOperator', replacement: 'x <= 0', location: { start: { line: 4, column: 7 }, end: { line: 4, column: 12 } } }) as unknown as MutantResult;
    const result = summarize(ID, `solutions/${ID}.ts`, [], SOLUTION, [mutant('1', 'Killed'), mutant('2', 'Timeout'), mutant('3', 'Survived'), mutant('4', 'CompileError')], 1, 0);
    expect([result.killed, result.timedOut, result.survived, result.invalid]).toEqual([1, 1, 1, 1]);
    expect(result.score).toBeCloseTo(200 / 3, 10);
    expect(result.survivors[0]).toMatchObject({ line: 4, column: 7, before: '  if (x < 0) return 0;', after: '  if (x <= 0) return 0;' });
  });
});
