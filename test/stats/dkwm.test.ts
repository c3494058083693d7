import { describe, expect, it } from 'vitest';
import { dkwmEpsilon, supDistanceContinuous, supDistanceInteger } from '../../grader/stats/dkwm.ts';

describe('DKWM band', () => {
  it('ε = √(ln(2/α)/2n): 0.0065 for n = 200 000 at α = 1e-7', () => {
    expect(dkwmEpsilon(200_000, 1e-7)).toBeCloseTo(Math.sqrt(Math.log(2e7) / 4e5), 12);
    expect(dkwmEpsilon(200_000, 1e-7)).toBeGreaterThan(0.0064);
    expect(dkwmEpsilon(200_000, 1e-7)).toBeLessThan(0.0066);
  });
});

describe('sup |F_n − F|', () => {
  it('continuous: the gap is measured on both sides of each jump of F_n', () => {
    const uniformCdf = (x: number) => Math.min(1, Math.max(0, x));
    // Draws 0.1, 0.2: F_n jumps to 0.5 at 0.1 (F = 0.1, gap 0.4) and to 1 at 0.2 (gap 0.8).
    const sup = supDistanceContinuous(Float64Array.from([0.1, 0.2]), uniformCdf);
    expect(sup.distance).toBeCloseTo(0.8, 12);
    expect(sup.at).toBe(0.2);
  });

  it('integer-valued: compares the step functions at the integers, not at left limits', () => {
    // Fair coin {0, 1}: a perfect sample of two draws has F_n = F everywhere.
    const cdf = (k: number) => (k < 0 ? 0 : k < 1 ? 0.5 : 1);
    expect(supDistanceInteger(new Map([[0, 1], [1, 1]]), 2, cdf, 0, 1).distance).toBe(0);
    // All draws 1: F_n(0) = 0 versus F(0) = 0.5.
    expect(supDistanceInteger(new Map([[1, 4]]), 4, cdf, 0, 1)).toMatchObject({ distance: 0.5, at: 0 });
  });
});
