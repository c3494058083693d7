/**
 * The combined pass rule (normwise + per entry) against the cases the issue names: correct code whose
 * numerical gradient differs by 1e-10 absolutely (3e-5 relatively on entries near zero) passes; a relative
 * error of 1e-3, or an additive 1e-4 on one entry, fails.
 */
import { describe, expect, it } from 'vitest';
import { compareBlocks, gradientTolerance, vectorLabels } from '../../grader/numeric/compare.ts';
import { centralDifferences } from '../../grader/numeric/finite-difference.ts';

const block = (values: number[]) => [{ name: 'g', values, label: vectorLabels('g') }];
const numerical = [0.42, -0.031, 3.3e-6, 1.7, -0.0008, 0.25];

describe('compareBlocks with the gradient tolerance', () => {
  it('passes finite-difference noise, even where it is 3e-5 relative on a near-zero entry', () => {
    const analytic = numerical.map((value, i) => value + (i % 2 ? 1e-10 : -1e-10));
    expect(Math.abs(analytic[2]! - numerical[2]!) / numerical[2]!).toBeGreaterThan(3e-5);
    expect(compareBlocks(block(analytic), block(numerical), gradientTolerance).pass).toBe(true);
  });

  it('fails a relative error of 1e-3 on every entry', () => {
    expect(compareBlocks(block(numerical.map((value) => value * 1.001)), block(numerical), gradientTolerance).pass).toBe(false);
  });

  it('fails an additive 1e-4 on a single entry, and says which', () => {
    const analytic = [...numerical];
    analytic[4]! += 1e-4;
    const comparison = compareBlocks(block(analytic), block(numerical), gradientTolerance);
    expect(comparison.pass).toBe(false);
    expect(comparison.failingEntries).toBe(1);
    expect(comparison.worst[0]!.label).toBe('g[4]');
  });

  it('fails NaN and Infinity', () => {
    expect(compareBlocks(block([NaN, ...numerical.slice(1)]), block(numerical), gradientTolerance).pass).toBe(false);
    expect(compareBlocks(block([Infinity, ...numerical.slice(1)]), block(numerical), gradientTolerance).pass).toBe(false);
  });
});

describe('central differences', () => {
  it('match an analytic gradient to ~1e-10 (the figure the tolerances rest on)', () => {
    const f = (p: { w: number[] }) => Math.log(1 + Math.exp(p.w[0]! * 2 - p.w[1]!)) + p.w[1]! ** 3;
    const w = [0.3, -0.8];
    const s = 1 / (1 + Math.exp(-(w[0]! * 2 - w[1]!)));
    const exact = [2 * s, -s + 3 * w[1]! ** 2];
    const numeric = centralDifferences(f, { w }).w as number[];
    numeric.forEach((value, i) => expect(Math.abs(value - exact[i]!)).toBeLessThan(1e-9));
  });
});
