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

describe('supDistanceInteger on sparse counts', () => {
  const bruteForce = (counts: Map<number, number>, n: number, cdf: (k: number) => number, from: number, to: number) => {
    let cumulative = 0;
    for (const [k, count] of counts) if (k < from) cumulative += count;
    let best = { distance: 0, at: from, empirical: 0, target: 0 };
    for (let k = from; k <= to; k++) {
      cumulative += counts.get(k) ?? 0;
      const gap = Math.abs(cumulative / n - cdf(k));
      if (gap > best.distance) best = { distance: gap, at: k, empirical: cumulative / n, target: cdf(k) };
    }
    return best;
  };

  it('equals the scan over every integer, and ends when a wrong sampler returns 10^15 (a scan would not)', () => {
    const cdf = (k: number) => (k < 0 ? 0 : 1 - 0.7 ** (Math.floor(k) + 1));
    let state = 7;
    const random = () => ((state = (state * 48271) % 2147483647) / 2147483647);
    for (let trial = 0; trial < 200; trial++) {
      const counts = new Map<number, number>();
      let n = 0;
      for (let i = 0; i < 1 + Math.floor(random() * 30); i++) {
        const value = Math.floor(random() * 25) - 3;
        const count = 1 + Math.floor(random() * 5);
        counts.set(value, (counts.get(value) ?? 0) + count);
        n += count;
      }
      const values = [...counts.keys()];
      const from = Math.min(0, ...values);
      const to = Math.max(20, ...values);
      expect(supDistanceInteger(counts, n, cdf, from, to)).toEqual(bruteForce(counts, n, cdf, from, to));
    }
    const huge = new Map([[1, 5], [1e15, 1]]);
    const result = supDistanceInteger(huge, 6, cdf, 0, 1e15);
    expect(result.at).toBe(1);
    expect(result.distance).toBeCloseTo(5 / 6 - 0.51, 12);
  });
});
